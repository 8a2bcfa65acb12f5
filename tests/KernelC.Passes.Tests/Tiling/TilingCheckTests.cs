using KernelC.IR;
using KernelC.Passes.Fusion;
using KernelC.Passes.Tiling;
using KernelC.Verifier.Checking;

namespace KernelC.Passes.Tests.Tiling;

/// <summary>The honest tile pass after fuse is proved by the checker's rule tiling.</summary>
public sealed class TilingCheckTests
{
    internal static Module Fused(string example) => TestIr.Run(new FusePass(), TestIr.Example(example)).Module;

    internal static string Summary(CheckReport r) => r.Rejection
        ?? string.Join("\n", r.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict} {o.Counterexample?.Describe()}"));

    [Theory]
    [InlineData("matmul", "64,64,32")]
    [InlineData("matmul", "32,32,16")]
    [InlineData("matmul", "16,16")]
    // Not yet: softmax/layernorm/rmsnorm tile(64,64) (the IEEE equal obligation times out at 10 s) and
    // gelu_mlp tile(64,64,32) (nested split expansion blows up) — see the tiling report.
    public void Honest_tiling_is_proved(string example, string args)
    {
        var before = Fused(example);
        var out_ = TestIr.Run(new TilePass(), before, args);
        var report = Checker.Check(before, out_.Module, out_.Certificate, CheckOptions.Default);
        Assert.True(report.Passed, Summary(report));
    }
}
