using System.Collections.Immutable;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Tests;

/// <summary>attention_f16.kc and matmul_bf16.kc: `kernelc build` proves every obligation (fuse, then quantize with
/// rule conversion), `kernelc verify --solver all` re-derives them with z3 and cvc5, and the quantized IR in the
/// bundle, run by the reference interpreter, equals the f32 example run on the inputs rounded to the format — each
/// input moved by at most the stated u·|x| (the per-input error the conversion rule proves).</summary>
public sealed class QuantizedExampleTests
{
    [Theory]
    [InlineData("attention_f16.kc", "attention.kc", "attention", "f16", 11)]
    [InlineData("matmul_bf16.kc", "matmul.kc", "matmul", "bf16", 8)]
    public void BuildsVerifiesAndReadsTheRoundedInputs(string file, string f32File, string kernel, string fmt, int p)
    {
        using var dir = new TempDir();
        var outDir = dir.File("bundle");
        var (code, stdout, stderr) = Kernelc.Run("build", TestPaths.Example(file), "-o", outDir);
        Assert.True(code == 0, stdout + stderr);
        var bound = Path.Combine(outDir, "certificates", "2-quantize", $"{kernel}.convert.{fmt}.rn.relative.json");
        Assert.True(File.Exists(bound), stdout + stderr);
        Assert.Contains("\"verdict\": \"proved\"", File.ReadAllText(bound));
        var (vcode, vout, verr) = Kernelc.Run("verify", outDir, "--solver", "all");
        Assert.True(vcode == 0, vout + verr);

        var quantized = ParseIr(Path.Combine(outDir, "ir", "2-quantize.kcir")).Find(kernel)!;
        var f32 = Compile(TestPaths.Example(f32File)).Find(kernel)!;
        var dims = f32.Dims.ToDictionary(d => d, _ => 64L); // N % 64 == 0, D in {64, 128}; matmul M, K, N free
        var dtype = fmt == "f16" ? DType.F16 : DType.BF16;
        var inputs = f32.Params.ToDictionary(q => q.Name, q =>
            RandomTensors.Uniform(q.DType, q.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray(), 3, q.Name));
        var rounded = inputs.ToDictionary(kv => kv.Key, kv =>
            new Tensor(kv.Value.DType, kv.Value.Shape, kv.Value.Data.Select(x => FloatFormat.Round(x, dtype, RoundingMode.NearestEven)).ToArray()));
        foreach (var (name, t) in inputs)
            for (int i = 0; i < t.Data.Length; i++)
            {
                double x = t.Data[i], h = rounded[name].Data[i];
                Assert.True(Math.Abs(h - x) <= Math.ScaleB(Math.Abs(x), -p) || Math.Abs(x) < Math.ScaleB(1.0, fmt == "f16" ? -14 : -126),
                    $"{name}[{i}]: {x} -> {h}");
            }
        Assert.Contains(inputs, kv => !kv.Value.Data.SequenceEqual(rounded[kv.Key].Data));
        var ra = Interpreter.Run(quantized, dims, inputs, Precision.Exact);
        var rb = Interpreter.Run(f32, dims, rounded, Precision.Exact);
        Assert.NotNull(ra.Outputs);
        Assert.NotNull(rb.Outputs);
        foreach (var o in f32.Outputs) Assert.Equal(rb.Outputs![o.Name].Data, ra.Outputs![o.Name].Data);
    }

    private static Module ParseIr(string path)
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText(path, File.ReadAllText(path)), diags);
        Assert.True(m is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }

    private static Module Compile(string path)
    {
        var diags = new DiagnosticBag();
        var m = FrontEnd.Compile(new SourceText(path, File.ReadAllText(path)), diags);
        Assert.True(m is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }
}
