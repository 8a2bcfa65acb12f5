using System.Collections.Immutable;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Tests;

/// <summary>Every example, run on the reference interpreter at several sizes, agrees with plain C# loops:
/// to about 1e-12 with f64 arithmetic, and within f32 rounding in exact IEEE mode.</summary>
public sealed class ExampleReferenceTests
{
    private static Kernel Load(string file, string kernel)
    {
        var diags = new DiagnosticBag();
        var source = new SourceText(file, File.ReadAllText(TestPaths.Example(file)));
        var module = FrontEnd.Compile(source, diags);
        Assert.False(diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        Assert.NotNull(module);
        return module!.Find(kernel) ?? throw new Xunit.Sdk.XunitException($"{file} has no kernel {kernel}");
    }

    private static Dictionary<string, Tensor> Inputs(Kernel k, Dictionary<string, long> dims, ulong seed) =>
        k.Params.ToDictionary(p => p.Name,
            p => RandomTensors.Uniform(p.DType, p.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray(), seed, p.Name));

    private static double[] Run(Kernel k, Dictionary<string, long> dims, Dictionary<string, Tensor> inputs, Precision precision, string output)
    {
        var result = Interpreter.Run(k, dims, inputs, precision);
        Assert.True(result.Outputs is not null, string.Join("\n", result.Diagnostics.Select(d => d.Format())));
        return result.Outputs![output].Data;
    }

    private static void AssertClose(double[] expected, double[] actual, double atol, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(expected[i] - actual[i]);
            Assert.True(err <= atol + rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (error {err:G3})");
        }
    }

    /// <summary>Checks one example in both precisions against its reference loop.</summary>
    private static void Check(string file, string kernel, Dictionary<string, long> dims, string output,
        Func<Dictionary<string, Tensor>, double[]> reference, double f32Tol = 2e-5)
    {
        var k = Load(file, kernel);
        foreach (var seed in new ulong[] { 1, 7 })
        {
            var inputs = Inputs(k, dims, seed);
            var expected = reference(inputs);
            // f64 arithmetic, then one rounding of each output to f32: within one f32 ulp of the binary64 loops
            AssertClose(expected, Run(k, dims, inputs, Precision.F64, output), 1e-30, Math.Pow(2, -23));
            AssertClose(expected, Run(k, dims, inputs, Precision.Exact, output), f32Tol, f32Tol);
        }
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(128, 128)]
    public void Attention(long n, long d) =>
        Check("attention.kc", "attention", new() { ["N"] = n, ["D"] = d }, "o",
            t => ReferenceLoops.Attention(t["q"].Data, t["k"].Data, t["v"].Data, (int)n, (int)d, causal: false));

    [Theory]
    [InlineData(64, 64)]
    [InlineData(128, 128)]
    public void CausalAttention(long n, long d) =>
        Check("causal_attention.kc", "causal_attention", new() { ["N"] = n, ["D"] = d }, "o",
            t => ReferenceLoops.Attention(t["q"].Data, t["k"].Data, t["v"].Data, (int)n, (int)d, causal: true));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 17)]
    [InlineData(8, 256)]
    public void Softmax(long r, long c) =>
        Check("softmax.kc", "softmax", new() { ["R"] = r, ["C"] = c }, "y",
            t => ReferenceLoops.Softmax(t["x"].Data, (int)r, (int)c));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 33)]
    [InlineData(8, 256)]
    public void LayerNorm(long r, long c) =>
        Check("layernorm.kc", "layernorm", new() { ["R"] = r, ["C"] = c }, "y",
            t => ReferenceLoops.LayerNorm(t["x"].Data, t["gamma"].Data, t["beta"].Data, (int)r, (int)c, 1e-5), f32Tol: 1e-4);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 33)]
    [InlineData(8, 256)]
    public void RmsNorm(long r, long c) =>
        Check("rmsnorm.kc", "rmsnorm", new() { ["R"] = r, ["C"] = c }, "y",
            t => ReferenceLoops.RmsNorm(t["x"].Data, t["gamma"].Data, (int)r, (int)c, 1e-6), f32Tol: 1e-4);

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 3)]
    [InlineData(32, 64, 16)]
    public void Matmul(long m, long kk, long n) =>
        Check("matmul.kc", "matmul", new() { ["M"] = m, ["K"] = kk, ["N"] = n }, "c",
            t => ReferenceLoops.Matmul(t["a"].Data, t["b"].Data, (int)m, (int)kk, (int)n));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 8, 5)]
    [InlineData(8, 32, 64)]
    public void GeluMlp(long r, long c, long h) =>
        Check("gelu_mlp.kc", "gelu_mlp", new() { ["R"] = r, ["C"] = c, ["H"] = h }, "y",
            t => ReferenceLoops.GeluMlp(t["x"].Data, t["w1"].Data, t["w2"].Data, (int)r, (int)c, (int)h), f32Tol: 1e-4);
}
