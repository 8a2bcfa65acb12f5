using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The conversion bound of int8 weights (<see cref="Int8Param"/>), in IEEE semantics for ALL f32 inputs in the
/// declared range, as three obligations chained by premises, each stated with f32 operations whose exactness is
/// itself checked (never fp.to_real: DESIGN.md "Facts checked"):
///   scale&lt;L&gt; (per L): for f32 m with m = 0 or lo ≤ m ≤ hi, s = (m == 0 ? 1 : m ÷ L) satisfies the premise
///            P(m, s): 2^-126 ≤ s ≤ 2^120 and m ≤ rd(127.25 × s). Every weight w of the group has |w| ≤ m (m is the
///            max of |w| over the group containing w — the invariant of <see cref="Int8Expected"/>), so P(|w|, s).
///   quotient (per mode): for f32 w, s with P(|w|, s), y = w ÷ s, q = cvt.mode.sat.s8(y): −127 ≤ q ≤ 127 and
///            |w/s − q| ≤ 1/2 + 2^-17, stated as rd(w ÷ s) and ru(w ÷ s) (the real quotient lies between them) each
///            within 1/2 + 2^-17 of q, the differences checked exact (rd = ru).
///   product  (once): for every i8 q in −127..127 and f32 s with 2^-126 ≤ s ≤ 2^120, d = f32(q) × s:
///            |d − q·s| ≤ 2^-16·s, stated as d − rd(q × s) and ru(q × s) − d (q·s lies between them), exact.
/// Real-number consequence, by the triangle inequality (the checker's arithmetic, no solver):
///   |d − w| ≤ |d − q·s| + |q·s − w| ≤ s·(1/2 + 2^-17 + 2^-16) = s/2·(1 + 3·2^-16) ≤ s/2·(1 + 2^-14).
/// So δ = 2^-14 is what this checker proves (a hint claiming a smaller δ is rejected). A direct error analysis gives
/// about 3·2^-17 (rounding of w/s at most 2^-18 for |w/s| &lt; 128, of q·s at most 127·2^-24·s); δ = 2^-16 is false
/// (measured: w = -3.114897793772201E+21, m = 3.859434291543975E+21 gives |d − w| = 0.5000079·s); the one-query
/// form of the tighter bound did not finish within minutes in z3 4.8.12, hence this decomposition.
/// The f32 ops (÷, ×, the saturating conversion) come from <see cref="FloatDomain"/>, the encoding the equality
/// obligation uses for the IR. Why P: 127.25 &lt; 127.5, so rn(w ÷ s) never reaches ±128 and the saturation never
/// fires for rn; the margin absorbs the f32 rounding of m ÷ L. The lower end keeps s normal (relative roundings),
/// the upper end keeps 127·s finite.</summary>
internal static class Int8Bound
{
    public const double PremiseFactor = 127.25;
    public static readonly double ScaleMin = Math.ScaleB(1.0, -126), ScaleMax = Math.ScaleB(1.0, 120);
    /// <summary>|w/s − q| ≤ 1/2 + 2^-17 and |d − q·s| ≤ 2^-16·s give δ = 3·2^-16 ≤ 2^-14.</summary>
    public const int ProvableDeltaExponent = 14;
    public static readonly double QuotientSlack = 0.5 + Math.ScaleB(1.0, -17), ProductSlack = Math.ScaleB(1.0, -16);
    public static readonly double DefaultAmaxLo = Math.ScaleB(1.0, -119), DefaultAmaxHi = Math.ScaleB(1.0, 126);

    private static readonly FloatDomain Fd = new();
    private static readonly IeeeDomain Concrete = new(Precision.Exact);
    private static Term Down => Rm(RoundingMode.Down);
    private static Term Up => Rm(RoundingMode.Up);

    private static string Txt(double v) => ConversionHints.Text(v);
    private const string Premise = "2^-126 <= s <= 2^120 and |w| <= 127.25·s (rounded down in f32)";
    private static string Consequence(string weights, int deltaExp) => $" Consequence in plain words (with the other two int8 obligations): each "
        + $"element w of {weights} is read as deq(w) with |deq(w) - w| <= s/2·(1 + 2^-{deltaExp}), s its group's scale; the "
        + "end-to-end error of the kernel's outputs is not proved here.";

    /// <summary>scale&lt;L&gt;: the expected kernel's scale meets the premise for the group's max m (so for every w of it).</summary>
    public static PlannedObligation Scale(Kernel k, string weights, int levels, double lo, double hi, int deltaExp, CheckContext ctx)
    {
        var m = Const("m", Sort.F32);
        var s = ScaleOf(Fd, m, levels);
        var assumptions = EqArray.Of(Not(FpIsNaN(m)), Not(FpIsInfinite(m)),
            Or(FpIsZero(m), And(FpLeq(Fp(lo, Sort.F32), m), FpLeq(m, Fp(hi, Sort.F32)))));
        var name = $"{k.Name}.convert.i8.scale{levels}";
        var ob = new Obligation(name, EqArray.Of(m), assumptions, PremiseHolds(m, s));
        var claim = $"for every f32 m with m = 0 or {Txt(lo)} <= m <= {Txt(hi)} (m: the max of |w| over a scale group), the scale "
            + $"s = (m == 0 ? 1 : m / {levels}) (f32 division) satisfies {Premise.Replace("|w|", "m")}; every w of the group has "
            + "|w| <= m, so the premise of the quotient obligation holds for it." + Consequence(weights, deltaExp);
        var record = ctx.Record(name, k, weights, claim, "all (every f32 max|w| in the range)",
            "IEEE: f32 division rounded to nearest even, the comparison against 127.25·s rounded down (exact consequence)", "none (a premise)");
        return new PlannedObligation(ob, record, new ScaleReplay(levels, lo, hi, weights));
    }

    /// <summary>quotient: q is in −127..127 and within 1/2 + 2^-17 of the real w/s.</summary>
    public static PlannedObligation Quotient(Kernel k, string weights, RoundingMode mode, int deltaExp, CheckContext ctx)
    {
        var (w, s) = (Const("w", Sort.F32), Const("s", Sort.F32));
        var q = Fd.Convert(Fd.Div(w, s, DType.F32), DType.F32, DType.I8, mode);
        var qf = Fd.Convert(q, DType.I8, DType.F32, RoundingMode.NearestEven);
        var (lo, hi) = (FpDiv(Down, w, s), FpDiv(Up, w, s)); // lo ≤ w/s ≤ hi (reals)
        var e = Fp(QuotientSlack, Sort.F32);
        var claim = And(BvSle(Fd.Const(-127, DType.I8), q),
            FpEq(FpSub(Down, qf, lo), FpSub(Up, qf, lo)), FpLeq(FpSub(Down, qf, lo), e),
            FpEq(FpSub(Down, hi, qf), FpSub(Up, hi, qf)), FpLeq(FpSub(Down, hi, qf), e));
        var assumptions = EqArray.Of(Not(FpIsNaN(w)), Not(FpIsInfinite(w)), PremiseHolds(FpAbs(w), s));
        var name = $"{k.Name}.convert.i8.{mode.Suffix()}.quotient";
        var ob = new Obligation(name, EqArray.Of(w, s), assumptions, claim);
        var text = $"for every finite f32 w and f32 s with {Premise}, q = i8 conversion of w / s ({mode.Suffix()}, saturating, f32 "
            + "division): -127 <= q <= 127 and |w/s - q| <= 1/2 + 2^-17 (stated with w/s rounded down and up, differences checked exact)."
            + Consequence(weights, deltaExp);
        var record = ctx.Record(name, k, weights, text, "all (every f32 weight and scale meeting the premise)",
            $"IEEE: f32 division rounded to nearest even, the i8 conversion {mode.Suffix()} with saturation", "|w/s - q| <= 1/2 + 2^-17");
        return new PlannedObligation(ob, record, new QuotientReplay(mode, weights));
    }

    /// <summary>product: |f32(q) × s − q·s| ≤ 2^-16·s for every i8 q in −127..127.</summary>
    public static PlannedObligation Product(Kernel k, string weights, int deltaExp, CheckContext ctx)
    {
        var (q, s) = (Const("q", Sort.BitVec(8)), Const("s", Sort.F32));
        var qf = Fd.Convert(q, DType.I8, DType.F32, RoundingMode.NearestEven);
        var d = Fd.Mul(qf, s, DType.F32);
        var (lo, hi) = (FpMul(Down, qf, s), FpMul(Up, qf, s)); // lo ≤ q·s ≤ hi (reals)
        var eta = FpMul(Down, Fp(ProductSlack, Sort.F32), s);
        var claim = And(FpEq(FpSub(Down, d, lo), FpSub(Up, d, lo)), FpLeq(FpSub(Down, d, lo), eta),
            FpEq(FpSub(Down, hi, d), FpSub(Up, hi, d)), FpLeq(FpSub(Down, hi, d), eta));
        var assumptions = EqArray.Of(BvSle(Fd.Const(-127, DType.I8), q), FpLeq(Fp(ScaleMin, Sort.F32), s), FpLeq(s, Fp(ScaleMax, Sort.F32)));
        var name = $"{k.Name}.convert.i8.product";
        var ob = new Obligation(name, EqArray.Of(q, s), assumptions, claim);
        var text = "for every i8 q with -127 <= q <= 127 and f32 s with 2^-126 <= s <= 2^120, deq = f32(q)·s (f32 product rounded to "
            + "nearest even): |deq - q·s| <= 2^-16·s (stated with q·s rounded down and up, differences checked exact)." + Consequence(weights, deltaExp);
        var record = ctx.Record(name, k, weights, text, "all (every i8 value and scale in the range)",
            "IEEE: f32 product rounded to nearest even", "|deq - q·s| <= 2^-16·s");
        return new PlannedObligation(ob, record, new ProductReplay(weights));
    }

    /// <summary>s = (m == 0 ? 1 : m ÷ L) over any domain: the scale of the expected kernel.</summary>
    public static T ScaleOf<T>(INumberDomain<T> dom, T m, int levels) =>
        dom.Select(dom.Compare(CmpPred.Eq, m, dom.Const(0, DType.F32), DType.F32), dom.Const(1, DType.F32),
            dom.Div(m, dom.Const(levels, DType.F32), DType.F32), DType.F32);

    /// <summary>q = cvt.mode.sat.s8(w ÷ s) over any domain.</summary>
    public static T Quantize<T>(INumberDomain<T> dom, T w, T s, RoundingMode mode) =>
        dom.Convert(dom.Div(w, s, DType.F32), DType.F32, DType.I8, mode);

    // 2^-126 ≤ s ≤ 2^120 ∧ a ≤ rd32(127.25 × s)
    private static Term PremiseHolds(Term a, Term s) => And(FpLeq(Fp(ScaleMin, Sort.F32), s), FpLeq(s, Fp(ScaleMax, Sort.F32)),
        FpLeq(a, FpMul(Down, Fp(PremiseFactor, Sort.F32), s)));

    // the same, concretely: rd32(127.25·s) ≤ 127.25·s is exact in binary64 (9 × 24 bits), then rounded down to f32
    private static bool PremiseFails(double a, double s) =>
        !(s >= ScaleMin && s <= ScaleMax) || a > FloatFormat.Round(PremiseFactor * s, DType.F32, RoundingMode.Down);

    private static ConcreteCounterexample Cex(string output, double before, double after, IReadOnlyList<CounterexampleInput> inputs, string note) =>
        new(new Dictionary<string, long>(), output, EqArray<long>.Empty, before, after, Precision.Exact, inputs) { Note = note };

    /// <summary>Refuted only when the model's m, replayed with the interpreter's IEEE ops, lies in the range and its
    /// scale breaks the premise (the weight w = m of the group then saturates or the scale is not normal).</summary>
    private sealed class ScaleReplay(int levels, double lo, double hi, string weights) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            if (refuted.Model.GetDouble("m") is not double m) return Replays.NotReplayed("no value for m", TimeSpan.Zero);
            if ((float)m != m || !double.IsFinite(m) || !(m == 0 || (m >= lo && m <= hi)))
                return Replays.NotReplayed("m outside the range", TimeSpan.Zero);
            double s = ScaleOf(Concrete, m, levels);
            if (!PremiseFails(m, s)) return Replays.NotReplayed("the model's scale meets the premise", TimeSpan.Zero);
            double q = Quantize(Concrete, m, s, RoundingMode.NearestEven);
            var note = $"a group of {weights} whose max |w| is m = {Num(m)} gets the scale s = m / {levels} = {Num(s)}; its weight w = m "
                + $"breaks {Premise} (w/s = {Num(Concrete.Div(m, s, DType.F32))}, quantized to {Num(q)}, read back as "
                + $"{Num(Concrete.Mul(q, s, DType.F32))}: the i8 range saturates or the scale is not normal)";
            return (refuted, Cex("s", m, s, [new CounterexampleInput("m", EqArray<long>.Empty, m)], note), TimeSpan.Zero);
        }
    }

    /// <summary>Refuted only when the model's (w, s) meets the premise and, replayed with the interpreter's IEEE ops,
    /// q is −128 or |w − q·s| &gt; (1/2 + 2^-17)·s in exact (dyadic) arithmetic.</summary>
    private sealed class QuotientReplay(RoundingMode mode, string weights) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            if (refuted.Model.GetDouble("w") is not double w || refuted.Model.GetDouble("s") is not double s)
                return Replays.NotReplayed("no value for w or s", TimeSpan.Zero);
            if ((float)w != w || (float)s != s || !double.IsFinite(w) || PremiseFails(Math.Abs(w), s))
                return Replays.NotReplayed("w or s outside the premise", TimeSpan.Zero);
            double q = Quantize(Concrete, w, s, mode);
            // q·s (8 × 24 bits) and (1/2 + 2^-17)·s (18 × 24 bits) are exact in binary64
            if (q > -128 && !Dyadic.AbsDiffExceeds(w, q * s, QuotientSlack * s))
                return Replays.NotReplayed("the model's w is within the bound", TimeSpan.Zero);
            var note = $"w = {Num(w)} (an element of {weights}) with scale s = {Num(s)}: w / s = {Num(Concrete.Div(w, s, DType.F32))} "
                + $"is converted to q = {Num(q)} ({mode.Suffix()}); |w/s - q| = {Num(Math.Abs(w / s - q))} exceeds 1/2 + 2^-17 (or q = -128), "
                + $"so deq = q·s = {Num(Concrete.Mul(q, s, DType.F32))} is more than s/2 away from w: the stated bound does not hold";
            return (refuted, Cex("q", w / s, q, [new CounterexampleInput("w", EqArray<long>.Empty, w), new CounterexampleInput("s", EqArray<long>.Empty, s)], note),
                TimeSpan.Zero);
        }
    }

    /// <summary>Refuted only when the model's (q, s), replayed with the interpreter's IEEE ops, breaks the bound exactly.</summary>
    private sealed class ProductReplay(string weights) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            if (refuted.Model.GetDouble("q") is not double q || refuted.Model.GetDouble("s") is not double s)
                return Replays.NotReplayed("no value for q or s", TimeSpan.Zero);
            if (q < -127 || q > 127 || (float)s != s || !(s >= ScaleMin && s <= ScaleMax))
                return Replays.NotReplayed("q or s outside the range", TimeSpan.Zero);
            double d = Concrete.Mul(q, s, DType.F32);
            if (!Dyadic.AbsDiffExceeds(d, q * s, ProductSlack * s)) return Replays.NotReplayed("the model's product is within the bound", TimeSpan.Zero);
            var note = $"q = {Num(q)}, s = {Num(s)} (a scale of {weights}): f32(q)·s = {Num(d)} is more than 2^-16·s from q·s";
            return (refuted, Cex("deq", q * s, d, [new CounterexampleInput("q", EqArray<long>.Empty, q), new CounterexampleInput("s", EqArray<long>.Empty, s)], note),
                TimeSpan.Zero);
        }
    }

    private static string Num(double v) => ConcreteCounterexample.Num(v);
}
