using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>Loop-level IR (parallel + for + local tiles): the hand-written tiled matmul and FlashAttention kernels of
/// the IR golden tests emit as one thread block per tile with shared-memory tiles and barriers.</summary>
public class EmitLoopLevelTests
{
    public static string IrGolden(string name) =>
        File.ReadAllText(Path.Combine(EmitTestData.RepoRoot(), "tests", "KernelC.IR.Tests", "Golden", name));

    /// <summary>loop_flash.kcir with an upper bound on D (shared tiles are sized statically).</summary>
    public static Kernel Flash(string bound = ", D <= 64") =>
        EmitTestData.Parse(IrGolden("loop_flash.kcir").Replace("where N % 16 == 0", "where N % 16 == 0" + bound));

    [Fact]
    public void FlashEmitsOneBlockPerQueryTile()
    {
        var p = EmitTestData.EmitOk(Flash());
        var l = Assert.Single(p.Launches);
        Assert.Equal(LaunchExtent.CeilDiv("N", 16), l.GridY);
        Assert.Equal(LaunchExtent.One, l.GridX);
        Assert.Equal(128, l.BlockX);
        Assert.Contains("bar.sync 0;", p.PtxText);
        Assert.Contains("ex2.approx.f32", p.PtxText);
        Assert.Contains(".shared .align 16 .b8 flash_o_sm_acc0[4096];", p.PtxText);
        Assert.True(l.Report.SharedBytes is > 0 and <= 48 * 1024);
        // the where-clause bound that sizes the shared tiles is re-checked on the device
        Assert.Contains("setp.gt.u32", p.PtxText);
        Assert.Contains("trap;", p.PtxText);
    }

    [Fact]
    public void FlashCostCountsEveryKeyBlock()
    {
        var l = Assert.Single(EmitTestData.EmitOk(Flash()).Launches);
        var d1 = new Dictionary<string, long> { ["N"] = 32, ["D"] = 8 };
        var d2 = new Dictionary<string, long> { ["N"] = 64, ["D"] = 8 };
        // quadratic in N: doubling N at least triples the work (score and PV products dominate)
        Assert.True(l.Report.EvaluateFlops(d2) > 3 * l.Report.EvaluateFlops(d1), l.Report.FlopsFormula);
    }

    [Fact]
    public void UnboundedLocalExtentIsRefused()
    {
        var diags = new DiagnosticBag();
        Assert.Null(PtxEmitter.Emit(Flash(bound: ""), PtxTarget.Default, diags));
        var d = Assert.Single(diags.Items);
        Assert.Equal(PtxDiagnosticIds.UnsupportedShape, d.Id);
        Assert.Contains("no upper bound", d.Message);
    }

    [Fact]
    public void TooMuchSharedMemoryIsRefused()
    {
        var diags = new DiagnosticBag();
        Assert.Null(PtxEmitter.Emit(Flash(", D <= 4096"), PtxTarget.Default, diags));
        Assert.Equal(PtxDiagnosticIds.UnsupportedShape, Assert.Single(diags.Items).Id);
        Assert.Contains("shared memory", diags.Items[0].Message);
    }

    [Fact]
    public void MoreThan48KiBOfTilesGoToDynamicSharedMemory()
    {
        var p = EmitTestData.EmitOk(Flash(", D <= 512"));
        var l = Assert.Single(p.Launches);
        Assert.Contains(".extern .shared .align 16 .b8 flash_o_dyn[];", p.PtxText);
        Assert.DoesNotContain(".shared .align 16 .b8 flash_o_sm_", p.PtxText);
        Assert.True(l.DynamicSharedBytes > 48 * 1024, l.DynamicSharedBytes.ToString());
        Assert.Equal(l.DynamicSharedBytes, l.Report.SharedBytes);
        // sm_90 allows 227 KiB, sm_80 163 KiB: D <= 1024 (3 × 64 KiB carried/init tiles) fits only sm_90
        var diags = new DiagnosticBag();
        Assert.Null(PtxEmitter.Emit(Flash(", D <= 1024"), PtxTarget.Default, diags));
        Assert.Equal(PtxDiagnosticIds.UnsupportedShape, Assert.Single(diags.Items).Id);
        Assert.NotNull(EmitTestData.EmitOk(Flash(", D <= 1024"), PtxTarget.Parse("sm_90")));
    }

    [Fact]
    public void TiledMatmulEmits()
    {
        var p = EmitTestData.EmitOk(EmitTestData.Parse(IrGolden("loop_matmul.kcir")));
        var l = Assert.Single(p.Launches);
        Assert.Equal(LaunchExtent.CeilDiv("N", 32), l.GridX);
        Assert.Equal(LaunchExtent.CeilDiv("M", 32), l.GridY);
        Assert.Equal(0, l.Report.SharedBytes); // the tile is only yielded: computed straight into c
        Assert.DoesNotContain(".shared", p.PtxText);
    }

    [Fact]
    public void A_large_yielded_tile_needs_no_shared_memory()
    {
        var text = IrGolden("loop_matmul.kcir").Replace("step 32", "step 128").Replace("< 32", "< 128").Replace("f32[32, 32]", "f32[128, 128]");
        Assert.Contains("step 128", text);
        var l = Assert.Single(EmitTestData.EmitOk(EmitTestData.Parse(text)).Launches);
        Assert.Equal(LaunchExtent.CeilDiv("N", 128), l.GridX);
        Assert.Equal(0, l.Report.SharedBytes);
    }
}

/// <summary>The loop-level kernels' PTX passes the strict reader too.</summary>
public class EmitLoopLevelReaderTests
{
    [Theory]
    [InlineData("flash")]
    [InlineData("matmul")]
    public void ReaderAccepts(string which)
    {
        var k = which == "flash" ? EmitLoopLevelTests.Flash()
            : EmitTestData.Parse(EmitLoopLevelTests.IrGolden("loop_matmul.kcir"));
        var p = EmitTestData.EmitOk(k);
        var diags = new DiagnosticBag();
        var m = KernelC.Backend.Ptx.Reader.PtxReader.Read(p.PtxText, which + ".ptx", diags);
        Assert.True(m is not null && diags.Count == 0, string.Join("\n", diags.Items.Select(d => d.Format())));
    }
}
