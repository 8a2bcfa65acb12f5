using KernelC.IR;
using KernelC.Passes.Flash;

namespace KernelC.Passes.Tests.Flash;

/// <summary>The flash pass's output, run on the reference interpreter, agrees with the fused source within f32
/// rounding, normwise (the proof is in reals; the f32 results differ only by rounding of a different summation order).</summary>
public class FlashInterpreterTests
{
    [Theory]
    [InlineData("attention", 64, "64,4")]
    [InlineData("attention", 128, "64,4")]
    [InlineData("causal_attention", 64, "64,4")]
    [InlineData("causal_attention", 128, "64,4")]
    [InlineData("attention", 128, "64,8")] // the examples' default schedule
    [InlineData("causal_attention", 128, "64,8")]
    public void Flash_output_agrees_with_the_source(string example, long n, string blocks) =>
        Assert.True(Worst(example, n, FlashSabotage.None, blocks) < 2e-5);

    [Fact]
    public void A_dropped_rescale_factor_disagrees_so_the_comparison_can_fail() =>
        Assert.True(Worst("attention", 128, FlashSabotage.NoRescale) > 1e-3);

    /// <summary>The largest difference between source and flash outputs, relative to the largest output magnitude.</summary>
    private static double Worst(string example, long n, FlashSabotage sabotage, string blocks = "64,4")
    {
        var before = TestIr.Example(example);
        var fused = TestIr.Run(new Fusion.FusePass(), before).Module;
        var flashed = TestIr.Run(new FlashPass { Sabotage = sabotage }, fused, blocks).Module;
        TestIr.AssertValid(flashed);
        var dims = new Dictionary<string, long> { ["N"] = n, ["D"] = 64 };
        var inputs = TestIr.RandomInputs(before.Kernels[0], dims, new Random((int)n));
        var src = Interpreter.Run(before.Kernels[0], dims, inputs);
        var fl = Interpreter.Run(flashed.Kernels[0], dims, inputs);
        Assert.True(src.Outputs is not null, string.Join("\n", src.Diagnostics.Select(d => d.Format())));
        Assert.True(fl.Outputs is not null, string.Join("\n", fl.Diagnostics.Select(d => d.Format())));
        var a = src.Outputs!["o"].Data;
        var b = fl.Outputs!["o"].Data;
        Assert.Equal(a.Length, b.Length);
        // normwise: every difference within 2e-5 of the largest output magnitude (f32, a summation over N keys in a
        // different order: about N·u = 128·2^-24 ≈ 8e-6 of the magnitudes involved)
        double scale = a.Max(Math.Abs), worst = 0;
        Assert.True(scale > 0); // the comparison is not vacuous
        for (int e = 0; e < a.Length; e++) worst = Math.Max(worst, Math.Abs(a[e] - b[e]) / scale);
        return worst;
    }
}
