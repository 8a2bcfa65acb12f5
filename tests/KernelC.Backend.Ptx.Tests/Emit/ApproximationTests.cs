using System.Collections.Immutable;
using KernelC.IR;
using Xunit.Abstractions;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>The stated errors of the approximated ops (docs/ptx.md, "Approximations"), measured on the CPU PTX
/// interpreter (ex2/lg2.approx modelled as correctly rounded) over a grid of inputs, against binary64 references.</summary>
public class ApproximationTests(ITestOutputHelper output)
{
    private static double[] Run(string op, double[] xs)
    {
        var k = EmitTestData.Parse($$"""
            kernel @f(%x: f32[N]) -> (y: f32[N])
                dims N {
              %y: f32[N] = compute [%i < N] {
                %0: f32 = load %x[%i]
                %1: f32 = {{op}} %0
                yield %1
              }
              return %y
            }
            """);
        var dims = new Dictionary<string, long> { ["N"] = xs.Length };
        var inputs = new Dictionary<string, Tensor> { ["x"] = new(DType.F32, [xs.Length], xs) };
        return PtxProgramRunner.Run(EmitTestData.EmitOk(k), inputs, dims)["y"];
    }

    private static double[] Grid(double lo, double hi, int n) =>
        Enumerable.Range(0, n).Select(i => (double)(float)(lo + (hi - lo) * i / (n - 1))).ToArray();

    [Fact]
    public void ErfIsWithinOneMillionthAbsolute()
    {
        var xs = Grid(-6, 6, 2401);
        var ys = Run("erf", xs);
        double worst = xs.Select((x, i) => Math.Abs(ys[i] - Erf.Of(x))).Max();
        output.WriteLine($"erf: max absolute error {worst:E3} on [-6, 6]");
        Assert.True(worst <= 1e-6, $"erf absolute error {worst:E3}");
        Assert.True(worst > 0, "the A&S polynomial is not exact; a zero error means the test did not run it");
    }

    [Fact]
    public void ExpIsWithinTheStatedRelativeError()
    {
        // stated: 2 ulp (ex2) + |x|·2^-24 (rounding of x·log2 e) + |x|·2^-25 (log2 e rounded to f32), relative
        var xs = Grid(-80, 80, 1601);
        var ys = Run("exp", xs);
        double worstRatio = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = Math.Exp(xs[i]), rel = Math.Abs(ys[i] - exact) / exact;
            double bound = 2 * Math.Pow(2, -23) + Math.Abs(xs[i]) * (Math.Pow(2, -24) + Math.Pow(2, -25));
            worstRatio = Math.Max(worstRatio, rel / bound);
        }
        output.WriteLine($"exp: worst error / stated bound = {worstRatio:F3} on [-80, 80]");
        Assert.True(worstRatio <= 1, $"exp error exceeds the stated bound by {worstRatio:F3}x");
    }

    [Fact]
    public void RsqrtIsWithinOneAndAHalfUlp()
    {
        var xs = Grid(1e-3, 1e3, 2001);
        var ys = Run("rsqrt", xs);
        double worst = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = 1 / Math.Sqrt(xs[i]);
            double ulp = Math.Pow(2, Math.Floor(Math.Log2(exact)) - 23);
            worst = Math.Max(worst, Math.Abs(ys[i] - exact) / ulp);
        }
        output.WriteLine($"rsqrt: max error {worst:F3} ulp");
        Assert.True(worst <= 1.5, $"rsqrt error {worst:F3} ulp");
    }

    [Fact]
    public void LogIsWithinTheStatedError()
    {
        // stated: lg2.approx 2^-22 absolute on (0.5, 2) (times ln 2 after the multiply), 2^-22 relative elsewhere,
        // + |log x|·2.8e-9 (ln 2 in f32) + one rounding of the product (2^-24 relative)
        var xs = Grid(1e-3, 1e3, 2001).Concat(Grid(0.25, 4, 1001)).ToArray();
        var ys = Run("log", xs);
        double worstRatio = 0, worstUlp = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = Math.Log(xs[i]), err = Math.Abs(ys[i] - exact);
            double bound = (xs[i] > 0.5 && xs[i] < 2 ? Math.Pow(2, -22) * Math.Log(2) : Math.Pow(2, -22) * Math.Abs(exact))
                + Math.Abs(exact) * (2.8e-9 + Math.Pow(2, -24));
            worstRatio = Math.Max(worstRatio, err / bound);
            if (exact != 0) worstUlp = Math.Max(worstUlp, err / Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(exact))) - 23));
        }
        output.WriteLine($"log: worst error / stated bound = {worstRatio:F3}, {worstUlp:F2} ulp");
        Assert.True(worstRatio <= 1, $"log error exceeds the stated bound by {worstRatio:F3}x");
    }

    [Fact]
    public void TanhIsWithinTheStatedRelativeError()
    {
        // stated: 2^-11 relative (tanh.approx.f32); the interpreter models it correctly rounded (≤ 1 ulp here)
        var xs = Grid(-10, 10, 2001);
        var ys = Run("tanh", xs);
        double worstRel = 0, worstUlp = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = Math.Tanh(xs[i]);
            if (exact == 0) { Assert.Equal(0, ys[i]); continue; }
            worstRel = Math.Max(worstRel, Math.Abs(ys[i] - exact) / Math.Abs(exact));
            worstUlp = Math.Max(worstUlp, Math.Abs(ys[i] - exact) / Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(exact))) - 23));
        }
        output.WriteLine($"tanh: max relative error {worstRel:E3}, {worstUlp:F2} ulp");
        Assert.True(worstRel <= Math.Pow(2, -11), $"tanh relative error {worstRel:E3}");
        Assert.True(worstUlp <= 1, $"the interpreter's tanh.approx is {worstUlp:F2} ulp from tanh (modelled as correctly rounded)");
    }
}
