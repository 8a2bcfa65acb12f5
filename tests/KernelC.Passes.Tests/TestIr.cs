using KernelC.Frontend;
using KernelC.IR;

namespace KernelC.Passes.Tests;

/// <summary>Helpers: compile .kc text or parse IR text that must be valid, find the repository, make tensors.</summary>
internal static class TestIr
{
    public static Module ParseIr(string text)
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText("test.kcir", text), diags);
        Assert.True(m is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }

    public static Module CompileKc(string text, string path = "test.kc")
    {
        var diags = new DiagnosticBag();
        var m = FrontEnd.Compile(new SourceText(path, text), diags);
        Assert.True(m is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }

    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KernelC.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("KernelC.sln not found above " + AppContext.BaseDirectory);
    }

    public static IReadOnlyList<string> ExampleNames { get; } =
        ["attention", "causal_attention", "gelu_mlp", "layernorm", "matmul", "rmsnorm", "softmax"];

    public static Module Example(string name)
    {
        var path = Path.Combine(RepoRoot, "examples", name + ".kc");
        return CompileKc(File.ReadAllText(path), path);
    }

    /// <summary>Runs the pass and asserts it succeeded without diagnostics.</summary>
    public static PassOutput Run(IPass pass, Module m, string args = "")
    {
        var diags = new DiagnosticBag();
        var spec = PipelineParser.Parse(args.Length == 0 ? pass.Name : $"{pass.Name}({args})", "test", diags)!.Passes[0];
        var output = pass.Run(m, spec, diags);
        Assert.True(output is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return output!;
    }

    public static void AssertValid(Module m) =>
        Assert.True(IrVerifier.Verify(m).Count == 0, string.Join("\n", IrVerifier.Verify(m)) + "\n" + IrPrinter.Print(m));

    /// <summary>Dims satisfying the kernel's where clause: the smallest value ≥ preferred that every constraint admits.</summary>
    public static Dictionary<string, long> Dims(Kernel k, long preferred = 2)
    {
        var dims = new Dictionary<string, long>();
        foreach (var d in k.Dims)
        {
            long v = preferred;
            while (!k.Constraints.Where(c => c.Dim == d).All(c => c.Holds(v))) v++;
            dims[d] = v;
        }
        return dims;
    }

    public static Dictionary<string, Tensor> RandomInputs(Kernel k, IReadOnlyDictionary<string, long> dims, Random rng) =>
        k.Params.ToDictionary(p => p.Name, p =>
        {
            var shape = p.Type.Shape.Select(s => s.Evaluate(dims)).ToArray();
            var data = new double[shape.Aggregate(1L, (a, b) => a * b)];
            for (long i = 0; i < data.Length; i++)
                data[i] = p.DType.IsFloat() ? FloatFormat.Round(rng.NextDouble() * 6 - 3, p.DType, RoundingMode.NearestEven) : rng.Next(-100, 100);
            return new Tensor(p.DType, [.. shape], data);
        });

    /// <summary>Asserts that both kernels give bit-identical outputs (NaN payloads and signed zeros included).</summary>
    public static void AssertSameOutputs(Kernel before, Kernel after, IReadOnlyDictionary<string, long> dims, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var a = Interpreter.Run(before, dims, inputs);
        var b = Interpreter.Run(after, dims, inputs);
        Assert.True(a.Outputs is not null, string.Join("\n", a.Diagnostics.Select(d => d.Format())));
        Assert.True(b.Outputs is not null, string.Join("\n", b.Diagnostics.Select(d => d.Format())));
        foreach (var (name, ta) in a.Outputs!)
        {
            var tb = b.Outputs![name];
            Assert.Equal(ta.Shape.ToArray(), tb.Shape.ToArray());
            for (int i = 0; i < ta.Data.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(ta.Data[i]) == BitConverter.DoubleToInt64Bits(tb.Data[i]),
                    $"{name}[{i}]: {ta.Data[i]:R} before, {tb.Data[i]:R} after");
        }
    }
}
