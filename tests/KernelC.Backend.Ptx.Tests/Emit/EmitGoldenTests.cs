using KernelC.Backend.Ptx.Program;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>Golden PTX for two tiny kernels (Golden/*.ptx, readable on purpose). KERNELC_BLESS=1 rewrites the
/// golden files with the emitter's output instead of failing (review the diff before committing).</summary>
public class EmitGoldenTests
{
    [Theory]
    [InlineData("axpb", EmitTestData.Elementwise)]
    [InlineData("rowsum", EmitTestData.RowSum)]
    public void MatchesGolden(string name, string ir)
    {
        var p = EmitTestData.EmitOk(EmitTestData.Parse(ir));
        var file = Path.Combine(EmitTestData.GoldenDir(), name + ".ptx");
        if (Environment.GetEnvironmentVariable("KERNELC_BLESS") == "1")
        {
            Directory.CreateDirectory(EmitTestData.GoldenDir());
            File.WriteAllText(file, p.PtxText);
            return;
        }
        Assert.True(File.Exists(file), $"missing golden file {file}; run with KERNELC_BLESS=1 to create it");
        Assert.Equal(File.ReadAllText(file), p.PtxText);
    }

    [Fact]
    public void Sm90TargetChangesOnlyTheHeader()
    {
        var k = EmitTestData.Parse(EmitTestData.Elementwise);
        var a = EmitTestData.EmitOk(k).PtxText;
        var b = EmitTestData.EmitOk(k, PtxTarget.Parse("sm_90")).PtxText;
        Assert.Contains(".target sm_90\n", b);
        Assert.Equal(a.Replace(".target sm_80", ".target sm_90"), b);
    }

    [Fact]
    public void ElementwiseLaunchAndReport()
    {
        var p = EmitTestData.EmitOk(EmitTestData.Parse(EmitTestData.Elementwise));
        var l = Assert.Single(p.Launches);
        Assert.Equal("axpb_z", l.Entry);
        Assert.Equal(["x", "y", "z", "N"], l.Params.Select(x => x.Name));
        var dims = new Dictionary<string, long> { ["N"] = 1000 };
        var cfg = l.Resolve(dims);
        Assert.Equal((4, 1, 1, 256, 1, 1), (cfg.GridX, cfg.GridY, cfg.GridZ, cfg.BlockX, cfg.BlockY, cfg.BlockZ));
        Assert.Equal("2*N", l.Report.FlopsFormula);
        Assert.Equal("12*N", l.Report.GlobalBytesFormula);
        Assert.Equal(2000, l.Report.EvaluateFlops(dims));
        Assert.Equal(0, l.Report.SharedBytes);
        Assert.Equal(256, l.Report.ThreadsPerBlock);
    }

    [Fact]
    public void MatmulReportCountsTwoFlopsPerMultiplyAdd()
    {
        var p = EmitTestData.EmitOk(EmitTestData.FusedIr("matmul"));
        var l = Assert.Single(p.Launches);
        var dims = new Dictionary<string, long> { ["M"] = 3, ["N"] = 5, ["K"] = 7 };
        Assert.Equal(2 * 3 * 5 * 7, l.Report.EvaluateFlops(dims));
    }
}

/// <summary>KC0804: sizes the 32-bit indices of the emitted code cannot reach are refused before a launch.</summary>
public class PtxSizeCheckTests
{
    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(70_000, 8, false)]      // grid y = R > 65535 for the row-wise softmax_y launch
    [InlineData(50_000, 50_000, false)] // R·C > 2^31 elements
    public void SoftmaxSizes(long r, long c, bool ok)
    {
        var p = EmitTestData.EmitOk(EmitTestData.FusedIr("softmax"));
        var diags = new KernelC.IR.DiagnosticBag();
        Assert.Equal(ok, PtxSizeCheck.Check(p, new Dictionary<string, long> { ["R"] = r, ["C"] = c }, "run", diags));
        Assert.Equal(ok, diags.Count == 0);
        Assert.All(diags.Items, d => Assert.Equal("KC0804", d.Id));
    }
}
