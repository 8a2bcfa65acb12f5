using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Domain-split obligations of rule tiling, in 32-bit bit-vectors (the index registers of the GPU code,
/// unsigned: tile indices are never negative), for one axis with step S over extent E (dims 1 ≤ D ≤ 2^31 − 1 and the
/// where clause):
///  - coverage: for every i &lt; E, o = i − (i mod S) is a multiple of S with o &lt; E, and i − o &lt; S;
///  - uniqueness: (o1, t1), (o2, t2) with o multiples of S below E, t &lt; S and o1 + t1 = o2 + t2 are equal;
///  - no overflow: o &lt; E, t &lt; S ⇒ o + t, and the clamp E − 1, do not wrap in 32 bits.</summary>
internal static class TilingDomainSplit
{
    private const int W = 32;

    public static IEnumerable<PlannedObligation> Plan(Kernel k, string axis, Dim step, Dim extent, CheckContext ctx)
    {
        var dims = new Dictionary<string, SmtConst>(StringComparer.Ordinal);
        Term Ext(Dim d) => d switch
        {
            Dim.Sym s => dims.TryGetValue(s.Name, out var c) ? c : dims[s.Name] = Const("dim_" + s.Name, Sort.BitVec(W)),
            Dim.Const c => Bv(c.Value, W),
            _ => throw new InvalidOperationException("unknown extent"),
        };
        var S = Ext(step);
        var E = Ext(extent);
        var assume = new List<Term>();
        foreach (var d in k.Dims)
        {
            var c = (SmtConst)Ext(Dim.Of(d));
            assume.Add(BvUle(Bv(1, W), c));
            assume.Add(BvUle(c, Bv((1L << 31) - 1, W)));
        }
        foreach (var c in k.Constraints)
        {
            var x = (SmtConst)Ext(Dim.Of(c.Dim));
            assume.Add(c.Kind switch
            {
                DimConstraintKind.InSet => Or(c.Values.Select(v => Eq(x, Bv(v, W))).ToArray()),
                DimConstraintKind.DivisibleBy => Eq(BvSrem(x, Bv(c.Values[0], W)), Bv(0, W)),
                DimConstraintKind.AtLeast => BvUle(Bv(c.Values[0], W), x),
                _ => BvUle(x, Bv(c.Values[0], W)),
            });
        }
        if (step is Dim.Const sc && sc.Value < 1) assume.Add(False);
        Term Mult(Term a) => Eq(BvSrem(a, S), Bv(0, W));
        var i = Const("i", Sort.BitVec(W));
        var o1 = Const("o1", Sort.BitVec(W)); var t1 = Const("t1", Sort.BitVec(W));
        var o2 = Const("o2", Sort.BitVec(W)); var t2 = Const("t2", Sort.BitVec(W));
        var origin = BvSub(i, BvSrem(i, S));
        var wide = (Term x) => ZeroExtend(1, x);
        var cases = new (string Tag, Term[] Extra, Term Claim, string Text)[]
        {
            ("coverage", [BvUlt(i, E)], And(Mult(origin), BvUlt(origin, E), BvUlt(BvSub(i, origin), S)),
                "every i < E lies in the tile at origin i - i mod S (a multiple of S below E) at offset i - origin < S"),
            ("unique", [Mult(o1), Mult(o2), BvUlt(o1, E), BvUlt(o2, E), BvUlt(t1, S), BvUlt(t2, S), Eq(BvAdd(o1, t1), BvAdd(o2, t2))],
                And(Eq(o1, o2), Eq(t1, t2)), "two (origin, offset) pairs with the same sum are the same pair: tiles do not overlap"),
            ("no-overflow", [BvUlt(o1, E), BvUlt(t1, S)],
                And(BvUlt(BvAdd(wide(o1), wide(t1)), Bv(1L << W, W + 1)), BvUle(Bv(1, W), E)),
                "origin + offset and E - 1 do not wrap in 32-bit unsigned index registers"),
        };
        var decls = dims.Values.Concat([i, o1, t1, o2, t2]).ToEqArray();
        foreach (var (tag, extra, claim, text) in cases)
        {
            var name = $"{k.Name}.{axis}.{tag}";
            var ob = new Obligation(name, decls, assume.Concat(extra).ToEqArray(), claim);
            var record = ctx.Record(name, k, axis, $"for all {CongruenceRule.DimsText(k)}, axis step {step} over extent {extent}: {text}",
                "all", "32-bit unsigned bit-vector index arithmetic", "n/a");
            yield return new PlannedObligation(ob, record, new NoReplay());
        }
    }

    private static Term A(SmtOp op, params Term[] args) => new App(op, EqArray<int>.Empty, EqArray.Of(args));

    /// <summary>Index-arithmetic claims have no tensor to replay on: a model is reported as not replayed.</summary>
    private sealed class NoReplay : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options) =>
            Replays.NotReplayed("a domain-split model has no concrete tensor replay", TimeSpan.Zero);
    }
}
