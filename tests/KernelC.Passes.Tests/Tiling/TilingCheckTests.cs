using FsCheck;
using FsCheck.Fluent;
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

    private static CheckReport Tile(Module before, string args)
    {
        var out_ = TestIr.Run(new TilePass(), before, args);
        return Checker.Check(before, out_.Module, out_.Certificate, CheckOptions.Default);
    }

    [Theory]
    [InlineData("matmul", "64,64,32")]
    [InlineData("matmul", "32,32,16")]
    [InlineData("matmul", "16,16")]
    [InlineData("matmul", "7,5,1")] // k-tile 1: blocks of one term, nothing padded
    [InlineData("softmax", "64,64")]
    [InlineData("layernorm", "64,64")]
    // rmsnorm and gelu_mlp tile(64,64) are proved by their committed bundles (proofs/check.sh). Not yet:
    // gelu_mlp tile(64,64,32) (the nested split expansion does not finish) — see docs/passes.md.
    public void Honest_tiling_is_proved(string example, string args)
    {
        var report = Tile(Fused(example), args);
        Assert.True(report.Passed, Summary(report));
        Assert.Contains(report.Obligations, o => o.Record.Name.Contains("tile-load-in-bounds", StringComparison.Ordinal));
        Assert.Equal(args.Split(',').Length == 3,
            report.Obligations.Any(o => o.Record.Name.EndsWith("split0.base", StringComparison.Ordinal)));
    }

    [Fact]
    public void Max_is_not_split_and_the_tiled_row_max_is_proved_bit_exact()
    {
        var m = TestIr.CompileKc("""
            kernel rowmax(x: f32[R, C]) -> m: f32[R]
            {
              m[r] = max[c] x[r, c]
            }
            """);
        var out_ = TestIr.Run(new TilePass(), m, "8,8,4");
        var text = IrPrinter.Print(out_.Module);
        Assert.DoesNotContain("step 4", text); // no k-split of the max
        var r = Checker.Check(m, out_.Module, out_.Certificate, CheckOptions.Default);
        Assert.True(r.Passed, Summary(r));
        Assert.DoesNotContain(r.Obligations, o => o.Record.Name.Contains(".split", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_tile_sizes_on_matmul_are_proved()
    {
        // A handful of generated sizes (each check is about a second on 2 cores): T0, T1 in 1..64, TK in 1..16.
        var before = Fused("matmul");
        var sizes = Gen.Choose(1, 64).Two().SelectMany(t => Gen.Choose(1, 16), (t, k) => (t.Item1, t.Item2, k));
        Prop.ForAll(sizes.ToArbitrary(), s =>
        {
            var r = Tile(before, $"{s.Item1},{s.Item2},{s.k}");
            Assert.True(r.Passed, $"tile({s.Item1},{s.Item2},{s.k}):\n{Summary(r)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3));
    }

    [Fact]
    public void Random_tile_sizes_on_softmax_are_proved()
    {
        var before = Fused("softmax");
        Prop.ForAll(Gen.Choose(1, 64).Two().ToArbitrary(), s =>
        {
            var r = Tile(before, $"{s.Item1},{s.Item2}");
            Assert.True(r.Passed, $"tile({s.Item1},{s.Item2}):\n{Summary(r)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2));
    }
}
