using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Domain-split obligations of rule tiling for one axis with step S over extent E (dims 1 ≤ D ≤ 2^31 − 1 and
/// the where clause):
///  - coverage: for every 0 ≤ i &lt; E, o = i − (i mod S) is a multiple of S with 0 ≤ o &lt; E, and 0 ≤ i − o &lt; S;
///  - uniqueness: (o1, t1), (o2, t2) with o multiples of S in [0, E), t in [0, S) and o1 + t1 = o2 + t2 are equal;
///  - no overflow: o &lt; E, t &lt; S ⇒ o + t, and the clamp E − 1, do not wrap in 32-bit unsigned registers (the index
///    width of the GPU code).
/// Coverage and uniqueness are facts about integers, stated in unbounded integer arithmetic (linear for a constant
/// step: the solver's mod by a constant; a 32-bit bvsrem by a step that is not a power of two timed out). They carry
/// over to the 32-bit registers because no-overflow, in 32-bit bit-vectors, proves that none of those sums wraps: on
/// values below 2^32 the register arithmetic is the integer arithmetic.</summary>
internal static class TilingDomainSplit
{
    private const int W = 32;

    public static IEnumerable<PlannedObligation> Plan(Kernel k, string axis, Dim step, Dim extent, CheckContext ctx)
    {
        foreach (var x in Split(k, axis, step, extent, ctx, bitVector: false)) yield return x;
        foreach (var x in Split(k, axis, step, extent, ctx, bitVector: true)) yield return x;
    }

    private static IEnumerable<PlannedObligation> Split(Kernel k, string axis, Dim step, Dim extent, CheckContext ctx, bool bitVector)
    {
        var sort = bitVector ? Sort.BitVec(W) : Sort.Int;
        Term Lit(long v) => bitVector ? Bv(v, W) : Int(v);
        Term Le(Term a, Term b) => bitVector ? BvUle(a, b) : Terms.Le(a, b);
        Term Lt(Term a, Term b) => bitVector ? BvUlt(a, b) : Terms.Lt(a, b);
        Term Rem(Term a, Term b) => bitVector ? BvSrem(a, b) : IntMod(a, b);
        Term Minus(Term a, Term b) => bitVector ? BvSub(a, b) : Sub(a, b);
        var dims = new Dictionary<string, SmtConst>(StringComparer.Ordinal);
        Term Ext(Dim d) => d switch
        {
            Dim.Sym s => dims.TryGetValue(s.Name, out var c) ? c : dims[s.Name] = Const("dim_" + s.Name, sort),
            Dim.Const c => Lit(c.Value),
            _ => throw new InvalidOperationException("unknown extent"),
        };
        var S = Ext(step);
        var E = Ext(extent);
        var assume = new List<Term>();
        foreach (var d in k.Dims)
        {
            var c = (SmtConst)Ext(Dim.Of(d));
            assume.Add(Le(Lit(1), c));
            assume.Add(Le(c, Lit((1L << 31) - 1)));
        }
        foreach (var c in k.Constraints)
        {
            var x = (SmtConst)Ext(Dim.Of(c.Dim));
            assume.Add(c.Kind switch
            {
                DimConstraintKind.InSet => Or(c.Values.Select(v => Eq(x, Lit(v))).ToArray()),
                DimConstraintKind.DivisibleBy => Eq(Rem(x, Lit(c.Values[0])), Lit(0)),
                DimConstraintKind.AtLeast => Le(Lit(c.Values[0]), x),
                _ => Le(x, Lit(c.Values[0])),
            });
        }
        if (step is Dim.Const sc && sc.Value < 1) assume.Add(False);
        Term Mult(Term a) => Eq(Rem(a, S), Lit(0));
        Term Range(Term a, Term end) => bitVector ? Lt(a, end) : And(Le(Lit(0), a), Lt(a, end)); // unsigned: 0 ≤ a always
        var i = Const("i", sort);
        var o1 = Const("o1", sort); var t1 = Const("t1", sort);
        var o2 = Const("o2", sort); var t2 = Const("t2", sort);
        var origin = Minus(i, Rem(i, S));
        var cases = bitVector
            ? new (string Tag, Term[] Extra, Term Claim, string Text)[]
            {
                ("no-overflow", [BvUlt(o1, E), BvUlt(t1, S)],
                    And(BvUlt(BvAdd(ZeroExtend(1, o1), ZeroExtend(1, t1)), Bv(1L << W, W + 1)), BvUle(Bv(1, W), E)),
                    "origin + offset and E - 1 do not wrap in 32-bit unsigned index registers"),
            }
            :
            [
                ("coverage", [Range(i, E)], And(Mult(origin), Range(origin, E), Range(Minus(i, origin), S)),
                    "every 0 <= i < E lies in the tile at origin i - i mod S (a multiple of S in [0, E)) at offset i - origin in [0, S)"),
                ("unique", [Mult(o1), Mult(o2), Range(o1, E), Range(o2, E), Range(t1, S), Range(t2, S), Eq(Add(o1, t1), Add(o2, t2))],
                    And(Eq(o1, o2), Eq(t1, t2)), "two (origin, offset) pairs with the same sum are the same pair: tiles do not overlap"),
            ];
        var decls = dims.Values.Concat([i, o1, t1, o2, t2]).ToEqArray();
        foreach (var (tag, extra, claim, text) in cases)
        {
            var name = $"{k.Name}.{axis}.{tag}";
            var ob = new Obligation(name, decls, assume.Concat(extra).ToEqArray(), claim);
            var record = ctx.Record(name, k, axis, $"for all {CongruenceRule.DimsText(k)}, axis step {step} over extent {extent}: {text}",
                "all", bitVector ? "32-bit unsigned bit-vector index arithmetic" : "unbounded integers (no-overflow: 32-bit registers do not wrap)", "n/a");
            yield return new PlannedObligation(ob, record, new NoReplay());
        }
    }

    /// <summary>Index-arithmetic claims have no tensor to replay on: a model is reported as not replayed.</summary>
    private sealed class NoReplay : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options) =>
            Replays.NotReplayed("a domain-split model has no concrete tensor replay", TimeSpan.Zero);
    }
}
