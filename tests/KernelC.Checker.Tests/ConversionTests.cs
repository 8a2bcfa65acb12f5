using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

/// <summary>Rule conversion: the IR after must equal the checker's own expected kernel (IR before + param hints),
/// and each (format, mode) must meet the stated per-element bound for every f32 input in the declared range.</summary>
public class ConversionTests
{
    private const string Before = Programs.Matmul;

    /// <summary>The quantized matmul: copies a_f, b_f rounded with modeA/modeB; dropB reads b directly.</summary>
    private static string After(string fmt, string modeA = "rn", string modeB = "rn", bool dropB = false) => $$"""
        kernel @matmul(%a: f32[M, K], %b: f32[K, N]) -> (c: f32[M, N])
            dims M, K, N {
          %a_f: {{fmt}}[M, K] = compute [%ia0 < M, %ia1 < K] {
            %xa: f32 = load %a[%ia0, %ia1]
            %ha: {{fmt}} = cast.{{modeA}} %xa
            yield %ha
          }
          %b_f: {{fmt}}[K, N] = compute [%ib0 < K, %ib1 < N] {
            %xb: f32 = load %b[%ib0, %ib1]
            %hb: {{fmt}} = cast.{{modeB}} %xb
            yield %hb
          }
          %c: f32[M, N] = compute [%m < M, %n < N] {
            %0: f32 = reduce.sum [%k < K] {
              %n1: {{fmt}} = load %a_f[%m, %k]
              %1: f32 = cast.rn %n1
        {{(dropB ? "      %2: f32 = load %b[%k, %n]" : $"      %n2: {fmt} = load %b_f[%k, %n]\n      %2: f32 = cast.rn %n2")}}
              %3: f32 = mul %1, %2
              yield %3
            }
            yield %0
          }
          return %c
        }
        """;

    private const string ScaleBefore = """
        kernel @scale(%x: f32[N]) -> (y: f32[N])
            dims N {
          %y: f32[N] = compute [%i < N] {
            %0: f32 = load %x[%i]
            %1: f32 = load %x[%i]
            %2: f32 = mul %0, %1
            yield %2
          }
          return %y
        }
        """;

    private static string ScaleAfter(string mode, bool dropSecond = false) => $$"""
        kernel @scale(%x: f32[N]) -> (y: f32[N])
            dims N {
          %x_f16: f16[N] = compute [%j < N] {
            %a: f32 = load %x[%j]
            %b: f16 = cast.{{mode}} %a
            yield %b
          }
          %y: f32[N] = compute [%i < N] {
            %c: f16 = load %x_f16[%i]
            %0: f32 = cast.rn %c
        {{(dropSecond ? "    %1: f32 = load %x[%i]" : "    %d: f16 = load %x_f16[%i]\n    %1: f32 = cast.rn %d")}}
            %2: f32 = mul %0, %1
            yield %2
          }
          return %y
        }
        """;

    private static (string, string)[] Hints(string param, string range = "2^-14..65504", string? tol = "2^-11")
    {
        var list = param.Split(';').Select(p => ("param", p)).ToList();
        list.Add(("range", range));
        if (tol is not null) list.Add(("tolerance", tol));
        return list.ToArray();
    }

    private static void AssertAllProved(CheckReport r)
    {
        Assert.True(r.Passed, Summary(r));
        Assert.All(r.Obligations, o => Assert.IsType<Verdict.Proved>(o.Verdict));
    }

    [Fact]
    public void HonestF16MatmulIsProvedForAllSizesWithTheBoundOfRoundToNearest()
    {
        var r = Check(Before, After("f16"), CertificateRule.Conversion, Hints("a:f16:rn;b:f16:rn"));
        AssertAllProved(r);
        var names = r.Obligations.Select(o => o.Record.Name).ToList();
        Assert.Contains("matmul.c.equal", names);
        Assert.Contains("matmul.convert.f16.rn.relative", names);
        Assert.DoesNotContain("matmul.convert.f16.rn.subnormal", names); // the range starts at the least normal value
        var bound = Outcome(r, "matmul.convert.f16.rn.relative").Record;
        Assert.Equal("2^-11 relative", bound.Tolerance);
        Assert.Contains("end-to-end error of the kernel's outputs is not proved", bound.Claim);
        Assert.Equal("conversion", bound.Rule);
    }

    [Fact]
    public void HonestBf16IsProvedWithItsDefaultRangeAndTolerance()
    {
        var r = Check(Before, After("bf16"), CertificateRule.Conversion, ("param", "a:bf16:rn"), ("param", "b:bf16:rn"));
        AssertAllProved(r);
        Assert.Equal("2^-8 relative", Outcome(r, "matmul.convert.bf16.rn.relative").Record.Tolerance);
    }

    [Fact]
    public void TruncationInTheIrWhileTheHintSaysRoundToNearestIsRefutedByTheEquality()
    {
        var after = After("bf16", modeB: "rz");
        var r = Check(Before, after, CertificateRule.Conversion, Hints("a:bf16:rn;b:bf16:rn", "2^-126..2^127", "2^-8"));
        Assert.False(r.Passed);
        var o = Outcome(r, "matmul.c.equal");
        Assert.True(o.Verdict is Verdict.Refuted, Summary(r));
        Assert.NotNull(o.Counterexample);
        Assert.False(SameBits(o.Counterexample!.Before, o.Counterexample.After), o.Counterexample.Describe());
        // the bound itself is fine: it is the IR that does not do what the hint says
        Assert.IsType<Verdict.Proved>(Outcome(r, "matmul.convert.bf16.rn.relative").Verdict);
    }

    [Fact]
    public void ElementwiseTruncationIsRefutedWithTheInputElementThatRoundsDifferently()
    {
        var after = ScaleAfter("rz");
        var r = Check(ScaleBefore, after, CertificateRule.Conversion, Hints("x:f16:rn"));
        var cex = AssertRefutedWithReplay(r, "scale.y.equal", ScaleBefore, after);
        Assert.Contains(cex.Inputs, i => i.Tensor == "x" && FloatFormat.Round(i.Value, DType.F16, RoundingMode.TowardZero)
            != FloatFormat.Round(i.Value, DType.F16, RoundingMode.NearestEven));
    }

    [Fact]
    public void HonestTruncationClaimingTheRoundToNearestBoundIsRefutedWithAConcreteX()
    {
        var r = Check(Before, After("bf16", "rz", "rz"), CertificateRule.Conversion, Hints("a:bf16:rz;b:bf16:rz", "2^-126..2^127", "2^-8"));
        Assert.IsType<Verdict.Proved>(Outcome(r, "matmul.c.equal").Verdict);
        var o = Outcome(r, "matmul.convert.bf16.rz.relative");
        Assert.True(o.Verdict is Verdict.Refuted, Summary(r));
        var cex = o.Counterexample!;
        double x = cex.Before, h = cex.After;
        Assert.Equal(FloatFormat.Round(x, DType.BF16, RoundingMode.TowardZero), h);
        Assert.True(Math.Abs(h - x) > Math.ScaleB(Math.Abs(x), -8), cex.Describe()); // h - x is exact in binary64 here
        Assert.Contains("exceeds the stated bound", cex.Describe());
    }

    [Fact]
    public void TruncationWithoutAToleranceHintGetsTwiceTheUnitRoundoffAndIsProved()
    {
        var r = Check(Before, After("f16", "rz", "rz"), CertificateRule.Conversion, Hints("a:f16:rz;b:f16:rz", tol: null));
        AssertAllProved(r);
        Assert.Equal("2^-10 relative", Outcome(r, "matmul.convert.f16.rz.relative").Record.Tolerance);
    }

    [Fact]
    public void DroppingOneConversionIsRefuted()
    {
        var r = Check(Before, After("f16", dropB: true), CertificateRule.Conversion, Hints("a:f16:rn;b:f16:rn"));
        Assert.True(Outcome(r, "matmul.c.equal").Verdict is Verdict.Refuted, Summary(r));
        var after = ScaleAfter("rn", dropSecond: true);
        var r2 = Check(ScaleBefore, after, CertificateRule.Conversion, Hints("x:f16:rn"));
        AssertRefutedWithReplay(r2, "scale.y.equal", ScaleBefore, after);
    }

    [Fact]
    public void AConversionTheHintsDoNotNameIsRefuted()
    {
        // the IR converts b, the hints name only a: the expected kernel reads b exactly
        var r = Check(Before, After("f16"), CertificateRule.Conversion, Hints("a:f16:rn"));
        Assert.True(Outcome(r, "matmul.c.equal").Verdict is Verdict.Refuted, Summary(r));
    }

    [Fact]
    public void ARangeBeyondTheFormatIsRejectedBeforeSolving()
    {
        var r = Check(Before, After("f16"), CertificateRule.Conversion, Hints("a:f16:rn;b:f16:rn", "2^-14..70000"));
        Assert.NotNull(r.Rejection);
        Assert.Contains("outside the f16 format", r.Rejection);
        Assert.Empty(r.Obligations);
    }

    [Theory]
    [InlineData("param", "a:f8:rn", "format")]
    [InlineData("param", "a:f16:rx", "rounding mode")]
    [InlineData("param", "z:f16:rn", "no kernel has a parameter")]
    [InlineData("param", "a-f16-rn", "expected")]
    [InlineData("range", "1..0", "expected lo..hi")]
    [InlineData("tolerance", "0.001", "expected 2^-k")]
    public void MalformedHintsAreRejected(string key, string value, string expected)
    {
        var hints = key == "param" ? new[] { (key, value) } : new[] { ("param", "a:f16:rn"), ("param", "b:f16:rn"), (key, value) };
        var r = Check(Before, After("f16"), CertificateRule.Conversion, hints);
        Assert.NotNull(r.Rejection);
        Assert.Contains(expected, r.Rejection);
    }

    [Fact]
    public void ARangeReachingIntoSubnormalsAddsTheAbsoluteBound()
    {
        var r = Check(ScaleBefore, ScaleAfter("rn"), CertificateRule.Conversion, Hints("x:f16:rn", "0..65504"));
        AssertAllProved(r);
        Assert.Equal("2^-25 absolute", Outcome(r, "scale.convert.f16.rn.subnormal").Record.Tolerance);
        // claiming the absolute bound of round-to-nearest for truncation fails with a concrete x
        var rz = Check(ScaleBefore, ScaleAfter("rz"), CertificateRule.Conversion, Hints("x:f16:rz", "0..2^-15", tol: null));
        Assert.IsType<Verdict.Proved>(Outcome(rz, "scale.convert.f16.rz.subnormal").Verdict);
        Assert.Equal("2^-24 absolute", Outcome(rz, "scale.convert.f16.rz.subnormal").Record.Tolerance);
    }

    [Fact]
    public void NoParamHintsMeansTheIrAfterMustEqualTheIrBefore()
    {
        // (a conversion the hints do not name is refuted: AConversionTheHintsDoNotNameIsRefuted)
        var same = Check(ScaleBefore, ScaleBefore, CertificateRule.Conversion);
        AssertAllProved(same);
    }
}
