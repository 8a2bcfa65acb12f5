using System.Numerics;
using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The semantics a claim is stated in.</summary>
internal enum ClaimSemantics
{
    /// <summary>Bit-precise IEEE (FloatDomain): floats are FloatingPoint with RNE on every op, index values are
    /// 64-bit two's complement bit-vectors — exactly the reference interpreter's `long` index arithmetic.</summary>
    Ieee,
    /// <summary>Exact reals (RealDomain): floats are Real, index values mathematical Int.</summary>
    Reals,
}

/// <summary>The symbols one obligation is stated over: the number domain, the dimension constants and their
/// assumptions, parameter functions in_&lt;name&gt;, reduction placeholders and the reduction table. Before and after
/// are expanded in ONE space, so a parameter, a dimension or an equal reduction is the same symbol on both sides.
/// <para>Dims are free index constants dim_&lt;D&gt; with 1 ≤ D ≤ 2^31 (real tensor extents fit 32 bits) and the
/// kernel's where constraints. In IEEE semantics index values are 64-bit bit-vectors compared signed, the width and
/// wraparound of the IR's index type, so a proof speaks about the arithmetic the interpreter and the GPU perform;
/// 2^31 bounds keep every extent and in-range index far from the wrap point.</para></summary>
internal sealed class SymbolicSpace
{
    public const long MaxDim = 1L << 31;

    private readonly Dictionary<string, SmtConst> _dims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FuncDecl> _params = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, int), SmtConst> _placeholders = new();

    public SymbolicSpace(ClaimSemantics semantics)
    {
        Semantics = semantics;
        if (semantics == ClaimSemantics.Ieee)
        {
            var d = new FloatDomain();
            Domain = d;
            Functions = d.Functions;
        }
        else
        {
            var d = new RealDomain();
            Domain = d;
            Functions = d.Functions;
        }
        Reductions = new ReductionTable(this);
    }

    public ClaimSemantics Semantics { get; }
    public INumberDomain<Term> Domain { get; }
    public SymbolicFunctions Functions { get; }
    public ReductionTable Reductions { get; }
    public HashSet<SmtConst> Placeholders { get; } = new();

    public Sort IndexSort => Semantics == ClaimSemantics.Ieee ? Sort.BitVec(64) : Sort.Int;

    public Sort SortOf(DType t) => Semantics == ClaimSemantics.Ieee ? FloatDomain.SortOf(t) : RealDomain.SortOf(t);

    public Term IndexLit(BigInteger v) => Semantics == ClaimSemantics.Ieee ? Bv(v, 64) : Int(v);
    public Term IndexLt(Term a, Term b) => Semantics == ClaimSemantics.Ieee ? BvSlt(a, b) : Lt(a, b);
    public Term IndexLe(Term a, Term b) => Semantics == ClaimSemantics.Ieee ? BvSle(a, b) : Le(a, b);

    /// <summary>k divides a (k ≥ 1).</summary>
    public Term Multiple(Term a, long k) => Semantics == ClaimSemantics.Ieee
        ? Eq(BvSrem(a, IndexLit(k)), IndexLit(0))
        : Eq(IntMod(a, IndexLit(k)), IndexLit(0));

    /// <summary>0 ≤ i &lt; extent.</summary>
    public Term InRange(Term i, Term extent) => And(IndexLe(IndexLit(0), i), IndexLt(i, extent));

    public SmtConst Dim(string name)
    {
        if (!_dims.TryGetValue(name, out var c)) _dims[name] = c = Const("dim_" + name, IndexSort);
        return c;
    }

    /// <summary>Lambda-lift free index terms out of reduction keys (ReductionTable); on for the tiling rule only, so
    /// the congruence rule's queries stay as they were.</summary>
    public bool LiftIndexTerms { get; init; }

    /// <summary>c is one of the dimension constants dim_&lt;D&gt;.</summary>
    public bool IsDim(SmtConst c) => _dims.TryGetValue(c.Name.StartsWith("dim_", StringComparison.Ordinal) ? c.Name[4..] : "", out var d) && d == c;

    /// <summary>a mod k for a ≥ 0, k ≥ 1 (bvsrem / Int mod agree there).</summary>
    public Term IndexRem(Term a, Term k) => Semantics == ClaimSemantics.Ieee ? BvSrem(a, k) : IntMod(a, k);
    public Term IndexSub(Term a, Term b) => Semantics == ClaimSemantics.Ieee ? BvSub(a, b) : Sub(a, b);
    public Term IndexAdd(Term a, Term b) => Semantics == ClaimSemantics.Ieee ? BvAdd(a, b) : Add(a, b);

    public Term Extent(Dim d) => d switch
    {
        Dim.Sym s => Dim(s.Name),
        Dim.Const c => IndexLit(c.Value),
        _ => throw new InvalidOperationException("unknown extent"),
    };

    /// <summary>The uninterpreted function in_&lt;p&gt;(index...) standing for every element of parameter p.</summary>
    public FuncDecl Param(Value p)
    {
        if (!_params.TryGetValue(p.Name, out var f))
            _params[p.Name] = f = new FuncDecl("in_" + p.Name, SortOf(p.DType), Enumerable.Repeat(IndexSort, p.Type.Rank).ToArray());
        else if (f.Range != SortOf(p.DType) || f.Domain.Count != p.Type.Rank)
            throw new InvalidOperationException($"parameter {p} has another type on the other side (check the interface first)");
        return f;
    }

    /// <summary>The bound variable j of a reduction at nesting depth d (≥ 1): rb&lt;d&gt;_&lt;j&gt;. Unique along one
    /// nesting chain; the reduction table renames them canonically, so the depth never reaches a key.</summary>
    public SmtConst Placeholder(int depth, int j)
    {
        if (!_placeholders.TryGetValue((depth, j), out var c))
        {
            _placeholders[(depth, j)] = c = Const($"rb{depth}_{j}", IndexSort);
            Placeholders.Add(c);
        }
        return c;
    }

    /// <summary>1 ≤ D ≤ 2^31 for every dimension, and the kernel's where constraints.</summary>
    public List<Term> DimAssumptions(Kernel k)
    {
        var list = new List<Term>();
        foreach (var name in k.Dims)
        {
            var d = Dim(name);
            list.Add(IndexLe(IndexLit(1), d));
            list.Add(IndexLe(d, IndexLit(MaxDim)));
        }
        foreach (var c in k.Constraints) list.Add(Constraint(c));
        return list;
    }

    public Term Constraint(DimConstraint c)
    {
        var d = Dim(c.Dim);
        return c.Kind switch
        {
            DimConstraintKind.InSet => Or(c.Values.Select(v => Eq(d, IndexLit(v))).ToArray()),
            DimConstraintKind.DivisibleBy => c.Values[0] >= 1 ? Multiple(d, c.Values[0]) : False,
            DimConstraintKind.AtLeast => IndexLe(IndexLit(c.Values[0]), d),
            DimConstraintKind.AtMost => IndexLe(d, IndexLit(c.Values[0])),
            _ => throw new InvalidOperationException($"unknown constraint kind {c.Kind}"),
        };
    }
}
