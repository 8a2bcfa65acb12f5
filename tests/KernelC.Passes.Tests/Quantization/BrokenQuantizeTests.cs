using KernelC.IR;
using KernelC.Passes.Fusion;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Passes.Tests.Quantization;

/// <summary>Each broken quantize is rejected: refuted with a replayed counterexample, or refused before solving.</summary>
public class BrokenQuantizeTests
{
    private static readonly CheckOptions Options = new(new Z3Solver(), new SolverLimits(TimeoutMs: 20_000));

    private static (CheckReport Report, PassOutput Output) Run(IPass pass, string example, string fmt)
    {
        var before = TestIr.Run(new FusePass(), TestIr.Example(example)).Module;
        var o = TestIr.Run(pass, before, fmt);
        return (Checker.Check(before, o.Module, o.Certificate, Options), o);
    }

    private static string Summary(CheckReport r) =>
        r.Rejection ?? string.Join("\n", r.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict}"));

    private static ObligationOutcome Refuted(CheckReport r, string name)
    {
        Assert.False(r.Passed);
        var o = r.Obligations.Single(x => x.Record.Name == name);
        Assert.True(o.Verdict is Verdict.Refuted, Summary(r));
        Assert.NotNull(o.Counterexample);
        Assert.False(BitConverter.DoubleToInt64Bits(o.Counterexample!.Before) == BitConverter.DoubleToInt64Bits(o.Counterexample.After),
            o.Counterexample.Describe());
        return o;
    }

    [Theory]
    [InlineData("matmul", "bf16", "matmul.c.equal")]
    public void TruncationUnderARoundToNearestHintIsRefutedByTheEquality(string example, string fmt, string obligation) =>
        Refuted(Run(new TruncatingQuantize(), example, fmt).Report, obligation);

    [Theory]
    [InlineData("bf16", "matmul.convert.bf16.rz.relative", 8)]
    [InlineData("f16", "matmul.convert.f16.rz.relative", 11)]
    public void TruncationClaimingTheRoundToNearestToleranceIsRefutedWithAConcreteX(string fmt, string obligation, int p)
    {
        var (r, _) = Run(new TruncatingQuantizeHonestHint(), "matmul", fmt);
        Assert.IsType<Verdict.Proved>(r.Obligations.Single(o => o.Record.Name == "matmul.c.equal").Verdict);
        var cex = Refuted(r, obligation).Counterexample!;
        var dtype = fmt == "f16" ? DType.F16 : DType.BF16;
        Assert.Equal(FloatFormat.Round(cex.Before, dtype, RoundingMode.TowardZero), cex.After);
        Assert.True(Math.Abs(cex.After - cex.Before) > Math.ScaleB(Math.Abs(cex.Before), -p), cex.Describe());
    }

    [Fact]
    public void DroppingOneConversionIsRefuted() =>
        Refuted(Run(new DroppingQuantize(), "matmul", "f16").Report, "matmul.c.equal");

    [Fact]
    public void ARangeOutsideTheFormatIsRejected()
    {
        var (r, _) = Run(new OverflowRangeQuantize(), "matmul", "f16");
        Assert.NotNull(r.Rejection);
        Assert.Contains("outside the f16 format", r.Rejection);
    }
}
