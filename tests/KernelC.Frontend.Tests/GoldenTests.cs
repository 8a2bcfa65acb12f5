using KernelC.IR;

namespace KernelC.Frontend.Tests;

/// <summary>Every example and every program under Programs/ lowers to IR that passes the verifier and prints
/// exactly as Golden/NAME.kcir. KERNELC_BLESS=1 rewrites the golden files instead of failing.</summary>
public class GoldenTests
{
    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var f in TestFiles.Kc(TestFiles.Examples).Concat(TestFiles.Kc(Path.Combine(TestFiles.TestDir, "Programs"))))
            data.Add(Path.GetRelativePath(TestFiles.RepoRoot, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void LowersToGoldenIr(string relative)
    {
        var path = Path.Combine(TestFiles.RepoRoot, relative);
        var diags = new DiagnosticBag();
        var module = FrontEnd.Compile(TestFiles.Load(path), diags);
        Assert.True(module is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        Assert.Empty(IrVerifier.Verify(module!));
        var printed = IrPrinter.Print(module!);

        var golden = Path.Combine(TestFiles.TestDir, "Golden", Path.GetFileNameWithoutExtension(path) + ".kcir");
        if (Environment.GetEnvironmentVariable("KERNELC_BLESS") == "1")
        {
            File.WriteAllText(golden, printed);
            return;
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}: run the tests with KERNELC_BLESS=1");
        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), printed);
    }

    [Fact]
    public void EveryExampleHasItsNamedKernel()
    {
        foreach (var name in new[] { "attention", "causal_attention", "softmax", "layernorm", "rmsnorm", "matmul", "gelu_mlp" })
        {
            var path = Path.Combine(TestFiles.Examples, name + ".kc");
            var m = TestFiles.CompileOk(File.ReadAllText(path), name + ".kc");
            Assert.NotNull(m.Find(name));
        }
    }
}
