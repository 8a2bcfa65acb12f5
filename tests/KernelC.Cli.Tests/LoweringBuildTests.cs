namespace KernelC.Cli.Tests;

/// <summary>`kernelc build` runs the lowering proof of every emitted kernel: proved, its files are in the bundle and
/// in the summary; not proved (here: tanh, emitted as tanh.approx.f32, which the checker's strict PTX reader does
/// not accept, so the certificate is rejected) → exit 2, the reason on stderr, and no bundle.</summary>
public class LoweringBuildTests
{
    [Fact]
    public void A_kernel_whose_lowering_is_not_proved_gets_exit_2_and_no_bundle()
    {
        using var tmp = new TempDir();
        var src = tmp.File("t.kc");
        File.WriteAllText(src, "kernel t(x: f32[N]) -> y: f32[N]\n{\n  y[i] = tanh(x[i])\n}\n");
        var outDir = tmp.File("t");
        var r = Kernelc.Run("build", src, "-o", outDir);
        Assert.Equal(2, r.Code);
        Assert.Contains("the PTX of kernel @t is not proved", r.Err);
        Assert.Contains("no bundle was written", r.Err);
        Assert.False(Directory.Exists(outDir));

        // the same kernel with sqrt (which the lowering models) builds, with its lowering proof in the bundle
        File.WriteAllText(src, "kernel t(x: f32[N]) -> y: f32[N]\n{\n  y[i] = sqrt(x[i])\n}\n");
        var ok = Kernelc.Run("build", src, "-o", outDir);
        Assert.True(ok.Code == 0, ok.Err);
        Assert.True(File.Exists(Path.Combine(outDir, "ptx", "lowering", "t", "t.y.lowering.N33.smt2")));
        Assert.Matches(@"ptx @t .*1 proved", ok.Out);
    }
}
