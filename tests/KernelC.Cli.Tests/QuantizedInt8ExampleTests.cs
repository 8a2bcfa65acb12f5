using System.Collections.Immutable;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Tests;

/// <summary>matmul_i8.kc: `kernelc build` proves every obligation (fuse, then quantize(i8, b, per_channel) with rule
/// conversion, then the PTX lowering, where the IR's cast to i8 and the PTX's cvt.rni.s32.f32 + clamp meet as one
/// rounded-integer atom) and writes the bundle; `kernelc verify` re-derives it (z3 here; proofs/check.sh verifies the
/// committed proofs/matmul_i8 with z3 and cvc5). The quotient obligation costs ~11-13 s of z3 CPU on an idle machine,
/// far more under load (the build's default timeout is 30 s); the test gives 120 s so a loaded machine does not turn
/// it into Unknown. The quantized IR, run by the reference interpreter on random inputs, is within the proved
/// per-weight bound of the f32 example: |c_i8 − c| ≤ Σ_k |a[m,k]|·s_n/2·(1 + 2^-14) plus the f32 rounding of both sums.</summary>
public sealed class QuantizedInt8ExampleTests
{
    [Fact]
    public void Builds_with_the_quantization_and_the_PTX_lowering_proved_and_stays_within_the_bound()
    {
        using var dir = new TempDir();
        var outDir = dir.File("bundle");
        var (code, stdout, stderr) = Kernelc.Run("build", TestPaths.Example("matmul_i8.kc"), "-o", outDir, "--timeout", "120000");
        Assert.True(code == 0, stdout + stderr);
        foreach (var name in new[] { "matmul.convert.i8.scale127", "matmul.convert.i8.rn.quotient", "matmul.convert.i8.product", "matmul.c.equal",
                     "matmul.c.lowering.M33_K33_N33" })
            Assert.Matches(@"proved +" + System.Text.RegularExpressions.Regex.Escape(name) + " ", stderr);
        var record = File.ReadAllText(Path.Combine(outDir, "ptx", "lowering", "matmul", "matmul.c.lowering.M33_K33_N33.json"));
        Assert.Contains("\"verdict\": \"proved\"", record);
        Assert.Contains("round_<mode>_real uninterpreted", record);
        var (vcode, vout, verr) = Kernelc.Run("verify", outDir);
        Assert.True(vcode == 0, vout + verr);

        var quantized = QuantizedIr();
        var diags = new DiagnosticBag();
        var f32Path = TestPaths.Example("matmul.kc");
        var f32 = FrontEnd.Compile(new SourceText(f32Path, File.ReadAllText(f32Path)), diags)!.Find("matmul")!;
        var dims = new Dictionary<string, long> { ["M"] = 16, ["K"] = 32, ["N"] = 8 };
        var inputs = f32.Params.ToDictionary(q => q.Name, q =>
            RandomTensors.Uniform(q.DType, q.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray(), 5, q.Name));
        var cq = Interpreter.Run(quantized, dims, inputs, Precision.Exact).Outputs!["c"].Data;
        var c = Interpreter.Run(f32, dims, inputs, Precision.Exact).Outputs!["c"].Data;
        double[] a = inputs["a"].Data, b = inputs["b"].Data;
        bool differs = false;
        for (int m = 0; m < 16; m++)
            for (int n = 0; n < 8; n++)
            {
                double s = (float)(Enumerable.Range(0, 32).Max(k => Math.Abs(b[k * 8 + n])) / 127);
                double abs = Enumerable.Range(0, 32).Sum(k => Math.Abs(a[m * 32 + k] * b[k * 8 + n]));
                double weightPart = Enumerable.Range(0, 32).Sum(k => Math.Abs(a[m * 32 + k])) * s / 2 * (1 + Math.ScaleB(1.0, -14));
                double rounding = 2 * 32 * Math.ScaleB(1.0, -24) * (abs + weightPart + 127 * s * 32); // both f32 sums, generously
                double err = Math.Abs(cq[m * 8 + n] - c[m * 8 + n]);
                Assert.True(err <= weightPart + rounding, $"c[{m},{n}]: {cq[m * 8 + n]} vs {c[m * 8 + n]} (error {err}, bound {weightPart + rounding})");
                differs |= err > 0;
            }
        Assert.True(differs); // the quantization is really there
    }

    // the example's schedule, run with the passes directly (the same code `kernelc build` runs)
    private static Kernel QuantizedIr()
    {
        var diags = new DiagnosticBag();
        var path = TestPaths.Example("matmul_i8.kc");
        var m = FrontEnd.Compile(new SourceText(path, File.ReadAllText(path)), diags)!;
        var fused = new KernelC.Passes.Fusion.FusePass().Run(m, new KernelC.Passes.PassSpec("fuse", EqArray<string>.Empty), diags)!.Module;
        var q = new KernelC.Passes.Quantization.QuantizePass().Run(fused,
            new KernelC.Passes.PassSpec("quantize", EqArray.Of("i8", "b", "per_channel")), diags)!.Module;
        Assert.False(diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return q.Find("matmul")!;
    }
}
