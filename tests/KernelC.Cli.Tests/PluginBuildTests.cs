namespace KernelC.Cli.Tests;

/// <summary>A plugin pass built outside the solution (examples/plugin) goes through the same checking as a built-in
/// one: the honest pass is proved and bundled, the malicious one is refused with a concrete counterexample.</summary>
public sealed class PluginBuildTests
{
    private static string PluginDll()
    {
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(TestPaths.RepoRoot, "examples", "plugin", "bin", config, "net10.0", "StrengthReduce.dll");
        Assert.True(File.Exists(path), $"the test project builds examples/plugin; {path} is missing");
        return path;
    }

    [Fact]
    public void An_honest_plugin_pass_is_proved_and_its_bundle_verifies_without_the_plugin()
    {
        using var dir = new TempDir();
        var bundle = dir.File("b");
        var build = Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", bundle,
            "--pipeline", "fuse,strength-reduce", "--pass-plugin", PluginDll());
        Assert.True(build.Code == 0, build.Err);
        Assert.Contains("strength-reduce", build.Out);
        var verify = Kernelc.Run("verify", bundle);
        Assert.True(verify.Code == 0, verify.Err);
    }

    [Fact]
    public void A_poisoned_plugin_pass_is_refused_with_a_counterexample_and_no_bundle_is_written()
    {
        using var dir = new TempDir();
        var bundle = dir.File("b");
        var (code, _, err) = Kernelc.Run("build", TestPaths.Example("attention.kc"), "-o", bundle,
            "--pipeline", "fuse,poison-scores", "--pass-plugin", PluginDll());
        Assert.Equal(2, code);
        Assert.Contains("poison-scores", err);
        Assert.Contains("refuted", err);
        Assert.Matches(@"o\[\d+, ?\d+\] is \S+ before and \S+ after", err);   // the output element that differs
        Assert.Contains("before", err);
        Assert.False(Directory.Exists(bundle));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
