using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>A load met during expansion: tensor[Index] with the tensor's extents, under Context (the ranges of the
/// enclosing reductions' placeholders and the in-bounds conditions of the enclosing inlined loads).</summary>
internal sealed record LoadSite(Value Tensor, bool IsParam, EqArray<Term> Extents, EqArray<Term> Index,
    EqArray<Term> Context, Term Value)
{
    public Term InBounds(SymbolicSpace s) => And(Index.Select((t, j) => s.InRange(t, Extents[j])).ToArray());
}

/// <summary>Symbolic element expansion of one kernel in a <see cref="SymbolicSpace"/>: the value of output element
/// o[idx] as a term, for symbolic dims and a symbolic index tuple. Every scalar op goes through
/// <see cref="OpSemantics.Eval{T}"/> over the space's domain (the one definition of op meaning):
///  - load of a parameter p[idx]      → in_p(idx), an uninterpreted function;
///  - load of an intermediate t[idx]  → t's compute region evaluated with its index variables := idx
///                                      (memoised on (t, idx, context));
///  - reduce                          → the canonical abstraction of <see cref="ReductionTable"/>;
///  - dims, index arithmetic and index comparisons are symbolic index terms.
/// Every load is recorded in <see cref="Loads"/> so that its in-bounds condition can be proved separately.</summary>
internal sealed class ElementExpander
{
    private readonly Kernel _k;
    private readonly SymbolicSpace _s;
    private readonly Dictionary<string, Instr> _computes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _params = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, EqArray<Term>, EqArray<Term>), Term> _memo = new();
    private readonly HashSet<(string, EqArray<Term>, EqArray<Term>)> _active = new();

    public ElementExpander(Kernel kernel, SymbolicSpace space)
    {
        _k = kernel;
        _s = space;
        foreach (var c in kernel.Body) _computes[c.Result.Name] = c;
        foreach (var p in kernel.Params) _params.Add(p.Name);
    }

    public List<LoadSite> Loads { get; } = new();

    /// <summary>The value of output <paramref name="output"/> at the index terms.</summary>
    public Term Output(int output, IReadOnlyList<Term> index) =>
        LoadTensor(_k.Returns[output], index.ToEqArray(), EqArray<Term>.Empty, depth: 0, record: false);

    private Term LoadTensor(Value tensor, EqArray<Term> index, EqArray<Term> ctx, int depth, bool record)
    {
        bool isParam = _params.Contains(tensor.Name);
        Term value;
        if (isParam) value = _s.Param(tensor).Apply(index.ToArray());
        else
        {
            var key = (tensor.Name, index, ctx);
            if (!_memo.TryGetValue(key, out value!))
            {
                if (!_active.Add(key)) throw new InvalidOperationException($"{tensor} depends on itself (verify the IR first)");
                var c = _computes.TryGetValue(tensor.Name, out var ci) ? ci
                    : throw new InvalidOperationException($"{tensor} is neither a parameter nor a compute (verify the IR first)");
                // Inside t, assume this load is in bounds: if it is not, its own obligation fails.
                var inner = ctx;
                if (record)
                {
                    var site = new LoadSite(tensor, false, tensor.Type.Shape.Map(_s.Extent), index, ctx, Terms.True);
                    inner = ctx.Add(site.InBounds(_s));
                }
                value = EvalRegion(c.Body!, index, new Dictionary<string, Term>(StringComparer.Ordinal), inner, depth);
                _active.Remove(key);
                _memo[key] = value;
            }
        }
        if (record) Loads.Add(new LoadSite(tensor, isParam, tensor.Type.Shape.Map(_s.Extent), index, ctx, value));
        return value;
    }

    private Term EvalRegion(Region r, IReadOnlyList<Term> indexValues, Dictionary<string, Term> outer, EqArray<Term> ctx, int depth)
    {
        var env = new Dictionary<string, Term>(outer, StringComparer.Ordinal);
        for (int j = 0; j < r.Indices.Count; j++) env[r.Indices[j].Var.Name] = indexValues[j];
        foreach (var i in r.Body) env[i.Result.Name] = Eval(i, env, ctx, depth);
        return env[r.Yield.Name];
    }

    private Term Eval(Instr i, Dictionary<string, Term> env, EqArray<Term> ctx, int depth)
    {
        switch (i.Op)
        {
            case Opcode.DimValue:
                return _s.Dim(i.Attrs.DimName ?? throw new InvalidOperationException($"{i.Result}: dim without a name"));
            case Opcode.Load:
                return LoadTensor(i.Args[0], i.Args.Items.Skip(1).Select(a => env[a.Name]).ToEqArray(), ctx, depth, record: true);
            case Opcode.Reduce:
                return Reduce(i, env, ctx, depth);
            case Opcode.Compute:
                throw new InvalidOperationException($"{i.Result}: compute inside a region (verify the IR first)");
            case Opcode.Cast when i.Args[0].DType == DType.Index && i.Result.DType.IsFloat():
            {
                // As the interpreter: index → f64 (exact below 2^53, else RNE), then f64 → dtype with the mode.
                var d = _s.Domain;
                var f64 = d.Convert(env[i.Args[0].Name], DType.Index, DType.F64, RoundingMode.NearestEven);
                return d.Convert(f64, DType.F64, i.Result.DType, i.Attrs.Rounding);
            }
            default:
            {
                var args = i.Args.Select(a => env[a.Name]).ToArray();
                var types = i.Args.Select(a => a.DType).ToArray();
                return OpSemantics.Eval(_s.Domain, i.Op, i.Attrs, args, types, i.Result.DType);
            }
        }
    }

    private Term Reduce(Instr i, Dictionary<string, Term> env, EqArray<Term> ctx, int depth)
    {
        var r = i.Body ?? throw new InvalidOperationException($"{i.Result}: reduce without a region");
        int d = depth + 1;
        var own = r.Indices.Select((_, j) => _s.Placeholder(d, j)).ToList();
        var extents = r.Indices.Map(iv => _s.Extent(iv.Extent));
        var inner = ctx;
        for (int j = 0; j < own.Count; j++) inner = inner.Add(_s.InRange(own[j], extents[j]));
        var body = EvalRegion(r, own, env, inner, d);
        return _s.Reductions.Apply(i.Attrs.Reduction, i.Result.DType, extents, own, body);
    }
}
