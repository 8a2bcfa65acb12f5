using System.Numerics;
using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The conversion bound of one (format, mode), in IEEE semantics for ALL f32 inputs in the declared range.
/// With x: Float32, h = to_fp&lt;fmt&gt;(mode, x), X = fp64(x), H = fp64(h) (both widenings exact):
///   relative  (max(lo, min-normal) ≤ |X| ≤ hi):  H −↓ X  fp.eq  H −↑ X   and   |H −↓ X| ≤ tol ·↓ |X|
///   subnormal (lo ≤ |X| &lt; min-normal):          H −↓ X  fp.eq  H −↑ X   and   |H −↓ X| ≤ abs
/// The binary64 difference rounded down equals the one rounded up exactly when H − X is representable, so
/// |H −↓ X| is the real |h − x|; tol ·↓ |X| ≤ tol·|X| (rounded down), so each claim implies its real-number
/// statement (DESIGN.md "Facts checked": this form avoids fp.to_real, on which z3 4.8.12 answers unknown).
/// Bounds the checker knows: with p the format's precision and emin its least exponent, round-to-nearest-even
/// gives tol = 2^-p and abs = 2^(emin-p) (half a subnormal step); directed modes 2^(1-p) and 2^(emin+1-p).</summary>
internal static class ConversionBound
{
    public static int ProvableToleranceExponent(DType fmt, RoundingMode mode) =>
        FloatFormat.Parameters(fmt).P - (mode == RoundingMode.NearestEven ? 0 : 1);

    public static double AbsoluteBound(DType fmt, RoundingMode mode)
    {
        var (p, emin, _) = FloatFormat.Parameters(fmt);
        return Math.ScaleB(1.0, emin - p + (mode == RoundingMode.NearestEven ? 0 : 1));
    }

    public static double MinNormal(DType fmt) => Math.ScaleB(1.0, FloatFormat.Parameters(fmt).EMin);

    /// <summary>The obligations for (fmt, mode) over lo ≤ |x| ≤ hi, stated with relative tolerance 2^-tolExp.</summary>
    public static IEnumerable<PlannedObligation> Plan(Kernel k, string paramsText, DType fmt, RoundingMode mode,
        double lo, double hi, int tolExp, CheckContext ctx)
    {
        double minNormal = MinNormal(fmt);
        string conv = $"{fmt.Name()} {mode.Suffix()}";
        string stem = $"{k.Name}.convert.{fmt.Name()}.{mode.Suffix()}";
        string consequence = $" Consequence in plain words: each element x of {paramsText} is read with an input error of at "
            + "most this bound; the end-to-end error of the kernel's outputs is not proved here.";
        if (hi >= minNormal)
        {
            double from = Math.Max(lo, minNormal);
            double tol = Math.ScaleB(1.0, -tolExp);
            var claim = $"for every finite f32 x with {Txt(from)} <= |x| <= {Txt(hi)}, h = x converted to {conv}: "
                + $"|h - x| <= 2^-{tolExp}·|x| (exact: differences checked representable in binary64).";
            yield return Obligation($"{stem}.relative", k, paramsText, fmt, mode, from, hi, inclusiveTop: true,
                ax => FpMul(Rm(RoundingMode.Down), Fp(tol, Sort.F64), ax), x => tol * Math.Abs(x),
                claim + consequence, $"2^-{tolExp} relative", ctx);
        }
        if (lo < minNormal)
        {
            double to = Math.Min(hi, minNormal);
            double abs = AbsoluteBound(fmt, mode);
            bool top = hi < minNormal;
            var claim = $"for every finite f32 x with {Txt(lo)} <= |x| {(top ? "<=" : "<")} {Txt(to)} (the {fmt.Name()} subnormal range), "
                + $"h = x converted to {conv}: |h - x| <= {Txt(abs)} (absolute; exact in binary64).";
            yield return Obligation($"{stem}.subnormal", k, paramsText, fmt, mode, lo, to, top,
                _ => Fp(abs, Sort.F64), _ => abs, claim + consequence, $"{Txt(abs)} absolute", ctx);
        }
    }

    private static PlannedObligation Obligation(string name, Kernel k, string paramsText, DType fmt, RoundingMode mode,
        double lo, double hi, bool inclusiveTop, Func<Term, Term> bound, Func<double, double> concreteBound,
        string claimText, string tolerance, CheckContext ctx)
    {
        var x = Const("x", Sort.F32);
        var rne = Rm(RoundingMode.NearestEven);
        var h = ToFp(Sort.ForFloat(fmt), Rm(mode), x);
        var xw = ToFp(Sort.F64, rne, x);
        var hw = ToFp(Sort.F64, rne, h);
        var ax = FpAbs(xw);
        var assumptions = EqArray.Of(
            Not(FpIsNaN(x)), Not(FpIsInfinite(x)),
            FpLeq(Fp(lo, Sort.F64), ax),
            inclusiveTop ? FpLeq(ax, Fp(hi, Sort.F64)) : FpLt(ax, Fp(hi, Sort.F64)));
        var down = FpSub(Rm(RoundingMode.Down), hw, xw);
        var up = FpSub(Rm(RoundingMode.Up), hw, xw);
        var claim = And(FpEq(down, up), FpLeq(FpAbs(down), bound(ax)));
        var ob = new Obligation(name, EqArray.Of(x), assumptions, claim);
        var record = ctx.Record(name, k, paramsText, claimText, "all (every f32 input in the range)",
            $"IEEE: x f32, h its {fmt.Name()} rounding ({mode.Suffix()}), the bound in exact binary64", tolerance);
        return new PlannedObligation(ob, record, new BoundReplay(fmt, mode, lo, hi, inclusiveTop, concreteBound, paramsText));
    }

    private static string Txt(double v) => ConversionHints.Text(v);

    /// <summary>Refuted only when the model's x, rounded by the reference <see cref="FloatFormat.Round"/>, really
    /// breaks the bound in exact (dyadic) arithmetic and lies in the range.</summary>
    private sealed class BoundReplay(DType fmt, RoundingMode mode, double lo, double hi, bool inclusiveTop,
        Func<double, double> bound, string paramsText) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            if (refuted.Model.GetDouble("x") is not double xd) return Replays.NotReplayed("no value for x", TimeSpan.Zero);
            float x = (float)xd;
            double a = Math.Abs((double)x);
            if ((double)x != xd || !double.IsFinite(xd) || a < lo || (inclusiveTop ? a > hi : a >= hi))
                return Replays.NotReplayed("x outside the range", TimeSpan.Zero);
            double h = FloatFormat.Round(x, fmt, mode);
            // bound(x) is exact here: tol is a power of two and |x| ≥ 2^-149, or a constant.
            if (!double.IsFinite(h) || Dyadic.AbsDiffExceeds(h, x, bound(x)))
            {
                var cex = new ConcreteCounterexample(new Dictionary<string, long>(), $"{fmt.Name()}.{mode.Suffix()}(x)",
                    EqArray<long>.Empty, x, h, Precision.Exact, [new CounterexampleInput("x", EqArray<long>.Empty, x)])
                {
                    Note = $"converting x = {ConcreteCounterexample.Num(x)} (an element of {paramsText}) to {fmt.Name()} with "
                        + $"{mode.Suffix()} gives h = {ConcreteCounterexample.Num(h)}: |h - x| = {ConcreteCounterexample.Num(Math.Abs(h - x))} "
                        + $"exceeds the stated bound {ConcreteCounterexample.Num(bound(x))}",
                };
                return (refuted, cex, TimeSpan.Zero);
            }
            return Replays.NotReplayed("the conversion of the model's x is within the bound", TimeSpan.Zero);
        }
    }
}

/// <summary>Exact comparisons of binary64 values as dyadic rationals m·2^e (no rounding anywhere).</summary>
internal static class Dyadic
{
    /// <summary>|a − b| &gt; c, exactly (finite a, b, c).</summary>
    public static bool AbsDiffExceeds(double a, double b, double c)
    {
        var (ma, ea) = Of(a);
        var (mb, eb) = Of(b);
        var (mc, ec) = Of(c);
        int e = Math.Min(ea, Math.Min(eb, ec));
        var d = BigInteger.Abs((ma << (ea - e)) - (mb << (eb - e)));
        return d > (mc << (ec - e));
    }

    private static (BigInteger M, int E) Of(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        bool neg = bits < 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xFFFFFFFFFFFFFL;
        BigInteger m = exp == 0 ? frac : frac | (1L << 52);
        int e = (exp == 0 ? 1 : exp) - 1075;
        return (neg ? -m : m, e);
    }
}
