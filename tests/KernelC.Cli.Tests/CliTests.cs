using System.Collections.Immutable;
using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Tests;

/// <summary>The kernelc command as a user meets it: exit codes, diagnostics, files written.</summary>
public sealed class CliTests
{
    public static TheoryData<string> Examples() => new(
        "attention.kc", "causal_attention.kc", "softmax.kc", "layernorm.kc", "rmsnorm.kc", "matmul.kc", "gelu_mlp.kc");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_checks(string file)
    {
        var (code, stdout, stderr) = Kernelc.Run("check", TestPaths.Example(file));
        Assert.True(code == 0, stderr);
        Assert.Contains("ok", stdout);
    }

    [Fact]
    public void A_bad_program_gets_a_positioned_diagnostic_with_a_caret_and_exit_1()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.kc");
        File.WriteAllText(path, "kernel k(x: f32[N]) -> (y: f32[N]) {\n  y[i] = x[i] * undefined[i]\n}\n");
        var (code, _, stderr) = Kernelc.Run("check", path);
        Assert.Equal(1, code);
        Assert.Matches(@"bad\.kc:2:\d+: error KC\d{4}: .*undefined", stderr);
        Assert.Contains("  y[i] = x[i] * undefined[i]\n", stderr.Replace("\r", ""));
        Assert.Contains("^", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public void A_missing_file_is_KC0001()
    {
        var (code, _, stderr) = Kernelc.Run("check", "/nonexistent/x.kc");
        Assert.Equal(1, code);
        Assert.Contains("error KC0001", stderr);
    }

    [Fact]
    public void Ir_prints_the_kernel()
    {
        var (code, stdout, stderr) = Kernelc.Run("ir", TestPaths.Example("attention.kc"));
        Assert.True(code == 0, stderr);
        Assert.Contains("kernel @attention(", stdout);
        Assert.Contains("compute [", stdout);
    }

    [Fact]
    public void Ir_with_an_unknown_kernel_names_the_ones_there()
    {
        var (code, _, stderr) = Kernelc.Run("ir", TestPaths.Example("attention.kc"), "--kernel", "nope");
        Assert.Equal(1, code);
        Assert.Contains("KC0012", stderr);
        Assert.Contains("attention", stderr);
    }

    [Fact]
    public void Run_with_random_inputs_prints_the_outputs()
    {
        var (code, stdout, stderr) = Kernelc.Run("run", TestPaths.Example("attention.kc"), "--dims", "N=64,D=64");
        Assert.True(code == 0, stderr);
        Assert.Contains("attention (N=64, D=64)", stdout);
        Assert.Contains("f32", stdout);
        Assert.Contains("[64, 64]", stdout);
    }

    [Fact]
    public void Run_reads_inputs_by_name_infers_dims_and_writes_outputs_that_match_the_interpreter()
    {
        using var dir = new TempDir();
        var inputs = dir.File("in.safetensors");
        var outputs = dir.File("out.safetensors");
        var x = RandomTensors.Uniform(DType.F32, ImmutableArray.Create(3L, 5L), 42, "x");
        SafeTensors.Write(inputs, [new NamedTensor("x", x)]);

        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--inputs", inputs, "--output", outputs);
        Assert.True(code == 0, stderr);

        var diags = new DiagnosticBag();
        var read = SafeTensors.Read(outputs, diags);
        Assert.False(diags.HasErrors);
        var y = Assert.Single(read!);
        Assert.Equal("y", y.Name);
        Assert.Equal(new long[] { 3, 5 }, y.Tensor.Shape.ToArray());
        var expected = ReferenceLoops.Softmax(x.Data, 3, 5);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], y.Tensor.Data[i], 1e-6);
    }

    [Fact]
    public void Run_without_dims_or_inputs_says_which_dims_are_needed()
    {
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("matmul.kc"));
        Assert.Equal(1, code);
        Assert.Contains("KC0014", stderr);
        Assert.Contains("M", stderr);
    }

    [Theory]
    [InlineData("N=abc")]
    [InlineData("N")]
    [InlineData("N=0")]
    [InlineData("N=4,N=8")]
    public void Bad_dims_are_KC0010(string dims)
    {
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("attention.kc"), "--dims", dims);
        Assert.Equal(1, code);
        Assert.Contains("KC0010", stderr);
    }

    [Fact]
    public void Dims_that_break_a_where_constraint_are_refused()
    {
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("attention.kc"), "--dims", "N=64,D=65");
        Assert.Equal(1, code);
        Assert.Contains("D", stderr);
        Assert.Matches(@"error KC\d{4}", stderr);
    }

    [Fact]
    public void Absurd_dims_are_refused_before_allocating()
    {
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("matmul.kc"), "--dims", "M=1000000000,K=1000000000,N=2");
        Assert.Equal(1, code);
        Assert.Matches(@"error KC\d{4}", stderr);
    }

    [Fact]
    public void A_garbage_tensor_file_is_a_diagnostic()
    {
        using var dir = new TempDir();
        var path = dir.File("garbage.safetensors");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--inputs", path);
        Assert.Equal(1, code);
        Assert.Contains("error KC04", stderr);
    }

    [Fact]
    public void An_output_with_an_unknown_extension_is_refused_before_running()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--dims", "R=2,C=3", "--output", dir.File("y.txt"));
        Assert.Equal(1, code);
        Assert.Contains("KC0017", stderr);
        Assert.False(File.Exists(dir.File("y.txt")));
    }

    [Fact]
    public void An_npy_output_holds_the_single_output()
    {
        using var dir = new TempDir();
        var path = dir.File("y.npy");
        var (code, _, stderr) = Kernelc.Run("run", TestPaths.Example("rmsnorm.kc"), "--dims", "R=2,C=3", "--output", path);
        Assert.True(code == 0, stderr);
        var diags = new DiagnosticBag();
        var t = NpyFile.Read(path, diags);
        Assert.NotNull(t);
        Assert.Equal(new long[] { 2, 3 }, t!.Shape.ToArray());
    }

    [Fact]
    public void An_unknown_option_is_exit_1()
    {
        var (code, _, _) = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--no-such-option");
        Assert.Equal(1, code);
    }

    [Fact]
    public void The_same_seed_gives_the_same_outputs_and_another_seed_does_not()
    {
        var a = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--dims", "R=2,C=5", "--seed", "3");
        var b = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--dims", "R=2,C=5", "--seed", "3");
        var c = Kernelc.Run("run", TestPaths.Example("softmax.kc"), "--dims", "R=2,C=5", "--seed", "4");
        Assert.Equal(0, a.Code);
        Assert.Equal(a.Out, b.Out);
        Assert.NotEqual(a.Out, c.Out);
    }
}
