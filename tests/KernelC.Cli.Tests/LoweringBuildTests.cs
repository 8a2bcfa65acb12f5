using KernelC.IR;
using KernelC.Runtime;
using Xunit.Abstractions;

namespace KernelC.Cli.Tests;

/// <summary>`kernelc build` runs the lowering proof of every emitted kernel: proved, its files are in the bundle and
/// in the summary; not proved (here: integer arithmetic on floats rounded to int32, which the reals model cannot
/// represent — a rounded integer is data it only moves, clamps and converts back — so the certificate is rejected) → exit 2, the reason on stderr, and no bundle.</summary>
public class LoweringBuildTests(ITestOutputHelper output)
{
    [Fact]
    public void A_kernel_whose_lowering_is_not_proved_gets_exit_2_and_no_bundle()
    {
        using var tmp = new TempDir();
        var src = tmp.File("t.kc");
        File.WriteAllText(src, "kernel t(x: f32[N]) -> y: i32[N]\n{\n  y[i] = i32(x[i]) + i32(x[i])\n}\n");
        var outDir = tmp.File("t");
        var r = Kernelc.Run("build", src, "-o", outDir);
        Assert.Equal(2, r.Code);
        Assert.Contains("the PTX of kernel @t is not proved", r.Err);
        Assert.Contains("no bundle was written", r.Err);
        Assert.Contains("add of a float rounded to an integer", r.Err);
        Assert.False(Directory.Exists(outDir));

        // the same kernel with sqrt (which the lowering models) builds, with its lowering proof in the bundle
        File.WriteAllText(src, "kernel t(x: f32[N]) -> y: f32[N]\n{\n  y[i] = sqrt(x[i])\n}\n");
        var ok = Kernelc.Run("build", src, "-o", outDir);
        Assert.True(ok.Code == 0, ok.Err);
        Assert.True(File.Exists(Path.Combine(outDir, "ptx", "lowering", "t", "t.y.lowering.N33.smt2")));
        Assert.Matches(@"ptx @t .*1 proved", ok.Out);
    }

    /// <summary>log (lg2.approx.f32 ·rn f32(ln 2)) and tanh (tanh.approx.f32) build with a proved lowering whose record
    /// states the identification, and the built bundle on the CPU PTX interpreter agrees with the reference
    /// interpreter on the source within 1e-6 normwise (the interpreter models lg2/tanh.approx as correctly rounded:
    /// what remains is f32(ln 2) and two roundings, measured ≤ 1.2e-7; a GPU's tanh.approx may differ by up to its
    /// documented 2^-11 relative).</summary>
    [Theory]
    [InlineData("log(x[r, c] * x[r, c] + 1.0) - x[r, c]", "lg2.approx.f32", "lg2.approx.f32(y) identified with log(y)")]
    [InlineData("tanh(2.0 * x[r, c])", "tanh.approx.f32", "tanh.approx.f32(y) identified with tanh(y)")]
    public void A_kernel_using_log_or_tanh_builds_proved_and_runs_on_the_cpu_device(string body, string mnemonic, string statement)
    {
        using var tmp = new TempDir();
        var src = tmp.File("t.kc");
        File.WriteAllText(src, $"kernel t(x: f32[R, C]) -> y: f32[R, C]\n{{\n  y[r, c] = {body}\n}}\n");
        var bundle = tmp.File("t");
        var b = Kernelc.Run("build", src, "-o", bundle);
        Assert.True(b.Code == 0, b.Err);
        Assert.Contains(mnemonic, File.ReadAllText(Path.Combine(bundle, "ptx", "t.ptx")));
        Assert.Matches(@"ptx @t .*1 proved", b.Out);
        var record = File.ReadAllText(Path.Combine(bundle, "ptx", "lowering", "t", "t.y.lowering.R33_C33.json"));
        Assert.Contains(statement, record);
        Assert.Contains("\"verdict\": \"proved\"", record);

        string[] common = ["--seed", "5", "--dims", "R=33,C=70"];
        var cpu = Kernelc.Run(["run", bundle, .. common, "--device", "cpu", "--output", tmp.File("cpu.safetensors")]);
        var reference = Kernelc.Run(["run", src, .. common, "--device", "reference", "--output", tmp.File("ref.safetensors")]);
        Assert.True(cpu.Code == 0, cpu.Err);
        Assert.True(reference.Code == 0, reference.Err);
        var want = TensorFiles.Load(tmp.File("ref.safetensors"), new DiagnosticBag())!.Single().Tensor.Data;
        var got = TensorFiles.Load(tmp.File("cpu.safetensors"), new DiagnosticBag())!.Single().Tensor.Data;
        double scale = want.Max(Math.Abs), worst = want.Zip(got, (w, g) => Math.Abs(w - g)).Max();
        output.WriteLine($"{mnemonic}: normwise error {worst / scale:e2}");
        Assert.True(scale > 0);
        Assert.True(worst <= 1e-6 * scale, $"normwise error {worst / scale:e3} > 1e-6");
    }
}
