using BenchmarkDotNet.Attributes;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Passes;
using KernelC.Passes.Registry;
using KernelC.Verifier.Checking;

namespace KernelC.Bench;

/// <summary>Compiler speed: compiling and proving each pipeline step of an example (runs anywhere, no GPU).
/// <c>dotnet run -c Release --project bench/KernelC.Bench -- --filter '*ProveBenchmarks*'</c></summary>
[MemoryDiagnoser]
public class ProveBenchmarks
{
    [Params("attention", "causal_attention", "softmax", "layernorm", "matmul", "gelu_mlp")]
    public string Example { get; set; } = "attention";

    private Module _source = null!;

    [GlobalSetup]
    public void Setup() => _source = Paths.Compile(File.ReadAllText(Paths.Example(Example)));

    [Benchmark(Description = "compile + fuse + prove")]
    public bool FuseAndProve() => Paths.ProveStep(_source, "fuse").Passed;
}

/// <summary>The FlashAttention proof does not depend on the sequence length: the obligations speak of a symbolic N,
/// so bounding N differently in the where clause changes nothing the solver sees but the bound itself.
/// <c>dotnet run -c Release --project bench/KernelC.Bench -- --filter '*FlashProofBenchmarks*'</c></summary>
public class FlashProofBenchmarks
{
    [Params(512, 4096, 16384)]
    public int MaxN { get; set; }

    private Module _fused = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = File.ReadAllText(Paths.Example("attention.kc"))
            .Replace("N % 64 == 0", $"N % 64 == 0, N <= {MaxN}", StringComparison.Ordinal);
        var source = Paths.Compile(text);
        _fused = Paths.Run(source, "fuse").Module;
    }

    [Benchmark(Description = "flash(64,4) + prove (rule invariant)")]
    public bool FlashAndProve() => Paths.ProveStep(_fused, "flash(64,4)").Passed;
}

internal static class Paths
{
    public static string Example(string name) =>
        Path.Combine(RepoRoot(), "examples", name.EndsWith(".kc", StringComparison.Ordinal) ? name : name + ".kc");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelC.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelC.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the KernelC repository");
    }

    public static Module Compile(string text)
    {
        var diags = new DiagnosticBag();
        return FrontEnd.Compile(new SourceText("bench.kc", text), diags)
            ?? throw new InvalidOperationException(string.Join("\n", diags.Items.Select(d => d.Format())));
    }

    public static PassOutput Run(Module input, string pipelineStep)
    {
        var diags = new DiagnosticBag();
        var spec = PipelineParser.Parse(pipelineStep, "bench", diags)!.Passes[0];
        var pass = PassRegistry.BuiltIn().Resolve(spec, diags)
            ?? throw new InvalidOperationException(string.Join("\n", diags.Items.Select(d => d.Format())));
        return pass.Run(input, spec, diags)
            ?? throw new InvalidOperationException(string.Join("\n", diags.Items.Select(d => d.Format())));
    }

    public static CheckReport ProveStep(Module input, string pipelineStep)
    {
        var output = Run(input, pipelineStep);
        return Checker.Check(input, output.Module, output.Certificate, CheckOptions.Default);
    }
}
