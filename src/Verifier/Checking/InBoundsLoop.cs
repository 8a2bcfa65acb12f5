using System.Globalization;
using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>In-bounds obligations for every load of a loop-level kernel (&lt;k&gt;.&lt;o&gt;.load-in-bounds.&lt;n&gt;), for
/// ALL sizes allowed by the where clause. The kernel is walked structurally; every index variable in scope is a free
/// integer with the facts its binder gives it:
///   compute / reduce index v &lt; E:            0 ≤ v &lt; E
///   parallel index v &lt; E step S:             v = S·u, u ≥ 0, v &lt; E   (S·u written 0 when S = E)
///   for index kb &lt; bound step B:            kb = B·t, t ≥ 0, kb &lt; bound
/// and index-typed instructions (const, dim, add, sub, mul, min, max, select) are their integer terms. The claim
/// of a load t[x1..xr] is 0 ≤ xa &lt; shape_a(t) on every axis, and that every index value it is built from (and
/// every enclosing loop bound) lies in [−2^63, 2^63): so the mathematical-integer reading used here is the IR's
/// 64-bit two's complement one. Loads of local tensors and carried values are checked like parameter loads.
/// A solver model is replayed by running the kernel in the reference interpreter (the model's sizes, else the
/// smallest the where clause allows): only an interpreter-reported out-of-bounds load makes it Refuted.</summary>
internal sealed class InBoundsLoop
{
    private readonly Kernel _before, _k;
    private readonly CheckContext _ctx;
    private readonly InvariantSymbols _sym = new();
    private readonly List<Term> _world;
    private readonly List<PlannedObligation> _out = [];
    private readonly HashSet<(Term, EqArray<Term>)> _seen = [];
    private int _fresh;

    private InBoundsLoop(Kernel before, Kernel k, CheckContext ctx)
    {
        (_before, _k, _ctx) = (before, k, ctx);
        _world = World(k, _sym);
    }

    public static List<PlannedObligation> Plan(Kernel before, Kernel k, CheckContext ctx)
    {
        var p = new InBoundsLoop(before, k, ctx);
        p.Walk(k.Body, new Dictionary<string, Term>(StringComparer.Ordinal), [], []);
        return p._out;
    }

    /// <summary>The dims and the where clause: 1 ≤ each dim ≤ 2^31 and each constraint.</summary>
    public static List<Term> World(Kernel k, InvariantSymbols sym)
    {
        var world = new List<Term>();
        foreach (var d in k.Dims)
        {
            var t = sym.Dim(d);
            world.Add(Le(Int(1), t));
            world.Add(Le(t, Int(1L << 31)));
        }
        foreach (var c in k.Constraints)
        {
            var t = sym.Dim(c.Dim);
            world.Add(c.Kind switch
            {
                DimConstraintKind.InSet => Or(c.Values.Select(v => Eq(t, Int(v))).ToArray()),
                DimConstraintKind.DivisibleBy => Eq(IntMod(t, Int(c.Values[0])), Int(0)),
                DimConstraintKind.AtLeast => Ge(t, Int(c.Values[0])),
                _ => Le(t, Int(c.Values[0])),
            });
        }
        return world;
    }

    private Term DimT(Dim d) => d is Dim.Const c ? Int(c.Value) : _sym.Dim(((Dim.Sym)d).Name);

    private SmtConst Fresh(string hint) => new($"{hint}_{(_fresh++).ToString(CultureInfo.InvariantCulture)}", Sort.Int);

    /// <summary>Binds a region's index variables with their range facts (copies of the scope and facts).</summary>
    private (Dictionary<string, Term>, List<Term>) Enter(Region r, Dictionary<string, Term> scope, List<Term> facts)
    {
        var s = new Dictionary<string, Term>(scope, StringComparer.Ordinal);
        var f = new List<Term>(facts);
        foreach (var iv in r.Indices)
        {
            var ext = DimT(iv.Extent);
            if (iv.Step is { } step)
            {
                var u = Fresh("u");
                bool whole = step.Equals(iv.Extent); // u ≥ 0 and S·u < S force u = 0
                Term v = whole ? Int(0) : Mul(DimT(step), u);
                if (!whole) f.Add(Ge(u, Int(0)));
                f.Add(Lt(v, ext));
                s[iv.Var.Name] = v;
            }
            else
            {
                var v = Fresh("i_" + iv.Var.Name);
                f.Add(Le(Int(0), v));
                f.Add(Lt(v, ext));
                s[iv.Var.Name] = v;
            }
        }
        return (s, f);
    }

    private void Walk(IEnumerable<Instr> body, Dictionary<string, Term> scope, List<Term> facts, List<Term> bounds)
    {
        foreach (var ins in body)
        {
            Term? A(int i) => scope.TryGetValue(ins.Args[i].Name, out var t) ? t : null;
            Term Need(int i) => A(i) ?? throw new InvariantUnsupported($"%{ins.Args[i].Name}: an index value the in-bounds check cannot follow");
            bool index = ins.Result.DType == DType.Index;
            switch (ins.Op)
            {
                case Opcode.Const when index: scope[ins.Result.Name] = Int(new System.Numerics.BigInteger(ins.Attrs.Number)); break;
                case Opcode.DimValue: scope[ins.Result.Name] = _sym.Dim(ins.Attrs.DimName!); break;
                case Opcode.Add when index: scope[ins.Result.Name] = Add(Need(0), Need(1)); break;
                case Opcode.Sub when index: scope[ins.Result.Name] = Sub(Need(0), Need(1)); break;
                case Opcode.Mul when index: scope[ins.Result.Name] = Mul(Need(0), Need(1)); break;
                case Opcode.Min when index: scope[ins.Result.Name] = Ite(Lt(Need(1), Need(0)), Need(1), Need(0)); break;
                case Opcode.Max when index: scope[ins.Result.Name] = Ite(Lt(Need(0), Need(1)), Need(1), Need(0)); break;
                case Opcode.Select when index: throw new InvariantUnsupported("an index select");
                case Opcode.Load: Load(ins, ins.Args.Skip(1).Select((_, i) => Need(i + 1)).ToArray(), facts, bounds); break;
                case Opcode.Compute or Opcode.Reduce or Opcode.Parallel:
                {
                    var (s, f) = Enter(ins.Body!, scope, facts);
                    Walk(ins.Body!.Body, s, f, bounds);
                    break;
                }
                case Opcode.For:
                {
                    var lb = ins.Loop!;
                    var bound = Need(0);
                    var s = new Dictionary<string, Term>(scope, StringComparer.Ordinal);
                    var t = Fresh("t");
                    var kb = Fresh("i_" + lb.Index.Name);
                    var f = new List<Term>(facts) { Ge(t, Int(0)), Eq(kb, Mul(Int(lb.Step), t)), Lt(kb, bound) };
                    s[lb.Index.Name] = kb;
                    Walk(lb.Body, s, f, [.. bounds, bound]);
                    break;
                }
                default:
                    if (index) throw new InvariantUnsupported($"index op {ins.Op.Mnemonic()} (%{ins.Result.Name})");
                    break;
            }
        }
    }

    private static IEnumerable<Term> Subterms(Term t) =>
        t is App a ? a.Args.SelectMany(Subterms).Prepend(t) : [t];

    private void Load(Instr ins, Term[] ix, List<Term> facts, List<Term> bounds)
    {
        var tensor = ins.Args[0];
        var shape = tensor.Type.Shape;
        if (shape.Count != ix.Length) throw new InvariantUnsupported($"load of %{tensor.Name}: rank {shape.Count}, {ix.Length} indices");
        var lo = -(System.Numerics.BigInteger.One << 63);
        var hi = System.Numerics.BigInteger.One << 63;
        var fits = ix.Concat(bounds).SelectMany(Subterms).Where(t => t.Sort == Sort.Int && t is App).Distinct()
            .Select(t => And(Le(Int(lo), t), Lt(t, Int(hi))));
        var claim = And(ix.Select((x, a) => And(Le(Int(0), x), Lt(x, DimT(shape[a])))).Concat(fits).ToArray());
        if (!_seen.Add((claim, facts.ToEqArray()))) return;
        var o = _k.Outputs[0].Name;
        var name = $"{_k.Name}.{o}.load-in-bounds.{_out.Count.ToString(CultureInfo.InvariantCulture)}";
        var asm = _world.Concat(facts).ToEqArray();
        var consts = asm.Append(claim).SelectMany(t => TermRewriter.Constants(t, _ => true)).Distinct()
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToEqArray();
        var at = string.Join(", ", ins.Args.Skip(1).Select(v => "%" + v.Name));
        var text = $"for all {CongruenceRule.DimsText(_k)}: the load of %{tensor.Name}[{at}] (%{ins.Result.Name}) is inside "
            + $"{tensor.Type} on every axis, for every value of the enclosing index variables and loop counters";
        var rec = _ctx.Record(name, _k, o, text, "all",
            "index arithmetic over the integers; the claim includes that every index value involved fits in 64-bit two's complement", "n/a");
        _out.Add(new PlannedObligation(new Obligation(name, consts, asm, claim), rec, new OutOfBoundsReplay(_before, _k)));
    }

    /// <summary>Runs the kernel at the model's sizes (else the smallest valid ones): Refuted only if the interpreter
    /// itself reports a load out of bounds.</summary>
    private sealed class OutOfBoundsReplay(Kernel before, Kernel after) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            var fromModel = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var d in after.Dims)
                if (refuted.Model.GetDouble("dim_" + d) is { } v && v >= 1 && v <= 4096) fromModel[d] = (long)v;
            var index = EqArray.Of(after.Outputs[0].Type.Shape.Select(_ => 0L).ToArray());
            foreach (var dims in new[] { fromModel, InvariantReplay.SmallestDims(after) })
            {
                if (dims is null || dims.Count != after.Dims.Count) continue;
                var cex = Replayer.FindOutOfBounds(before, after, 0, dims, index);
                if (cex is not null) return (refuted, cex, TimeSpan.Zero);
            }
            return Replays.NotReplayed("the interpreter reports no out-of-bounds load", TimeSpan.Zero);
        }
    }
}
