using KernelC.IR;
using KernelC.Runtime;
using Xunit.Abstractions;

namespace KernelC.Cli.Tests.Run;

/// <summary>Issue 5's end-to-end check: EVERY example, compiled with its own schedule to PTX (the PTX `kernelc build`
/// emits and proves), run on the CPU PTX interpreter (`--device cpu`) against the reference interpreter on the source
/// kernel (`--device reference`), same seeded inputs, at sizes the where clauses allow (attention: N a multiple of 64,
/// D = 64 or 128) with partial tiles where the schedule tiles (33, 40, 70, 100 are not multiples of the tile sizes),
/// each at two sizes at least (one with a degenerate or single partial tile).
/// Error: normwise, max |cpu − ref| / max |ref|. The tolerances: f32 kernels differ from the source only by summation
/// order and the stated approximations (ex2.approx, erf) — 1e-5; a quantized kernel by its conversion, whose
/// per-element bound the quantize certificates state: f16 (u = 2^-11) 2e-3, bf16 (u = 2^-8) 1e-2, int8 (s/2 per
/// weight, s = max|w|/127) 1e-2.</summary>
public class ExampleDeviceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, double> Examples() => new()
    {
        { "matmul", "M=40,K=70,N=33", 1e-5 },
        { "softmax", "R=33,C=100", 1e-5 },
        { "layernorm", "R=33,C=100", 1e-5 },
        { "rmsnorm", "R=33,C=100", 1e-5 },
        { "gelu_mlp", "R=33,C=40,H=20", 1e-5 },
        { "attention", "N=128,D=64", 1e-5 },
        { "causal_attention", "N=128,D=64", 1e-5 },
        { "attention_f16", "N=64,D=64", 2e-3 },
        { "matmul_bf16", "M=40,K=70,N=33", 1e-2 },
        { "matmul_i8", "M=40,K=70,N=33", 1e-2 },
        // a second size each: degenerate extents (1), a single partial tile, more than one row of blocks, D = 128
        { "matmul", "M=1,K=1,N=1", 1e-5 },
        { "softmax", "R=70,C=1", 1e-5 },
        { "layernorm", "R=1,C=257", 1e-5 },
        { "rmsnorm", "R=65,C=31", 1e-5 },
        { "gelu_mlp", "R=1,C=1,H=1", 1e-5 },
        { "attention", "N=64,D=128", 1e-5 },
        { "causal_attention", "N=64,D=64", 1e-5 },
        { "attention_f16", "N=64,D=128", 2e-3 },
        { "matmul_bf16", "M=1,K=17,N=65", 1e-2 },
        { "matmul_i8", "M=33,K=1,N=65", 1e-2 },
    };

    [Fact]
    public void Every_example_file_is_in_the_table()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.kc").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(files, Examples().Select(r => (string)r[0]).Distinct().Order());
        Assert.All(files, f => Assert.True(Examples().Count(r => (string)r[0] == f) >= 2, $"{f} runs at one size only"));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_cpu_ptx_device_agrees_with_the_reference_interpreter(string example, string dims, double tolerance)
    {
        using var tmp = new TempDir();
        string[] common = ["run", TestPaths.Example(example + ".kc"), "--seed", "11", "--dims", dims];
        var reference = Kernelc.Run([.. common, "--device", "reference", "--output", tmp.File("ref.safetensors")]);
        var cpu = Kernelc.Run([.. common, "--device", "cpu", "--output", tmp.File("cpu.safetensors")]);
        Assert.True(reference.Code == 0, reference.Err);
        Assert.True(cpu.Code == 0, cpu.Err);
        Assert.Contains("on cpu (PTX interpreter)", cpu.Out);
        Assert.Contains("without proving the passes", cpu.Err);   // a .kc run says it is not the proved path
        var want = TensorFiles.Load(tmp.File("ref.safetensors"), new DiagnosticBag())!;
        var got = TensorFiles.Load(tmp.File("cpu.safetensors"), new DiagnosticBag())!;
        Assert.Equal(want.Select(t => t.Name), got.Select(t => t.Name));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w.Tensor.Shape.ToArray(), g.Tensor.Shape.ToArray());
            double scale = w.Tensor.Data.Max(Math.Abs), worst = 0;
            for (int i = 0; i < w.Tensor.Data.Length; i++)
            {
                Assert.False(double.IsNaN(g.Tensor.Data[i]), $"{w.Name}[{i}] is NaN on the cpu device");
                worst = Math.Max(worst, Math.Abs(w.Tensor.Data[i] - g.Tensor.Data[i]));
            }
            output.WriteLine($"{example} {w.Name}: normwise error {worst / scale:e2} (tolerance {tolerance:e0})");
            Assert.True(scale > 0, $"{w.Name} is all zeros: the comparison would mean nothing");
            Assert.True(worst <= tolerance * scale, $"{w.Name}: normwise error {worst / scale:e3} > {tolerance:e0}");
        }
    }
}
