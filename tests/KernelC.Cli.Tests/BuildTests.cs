using KernelC.IR;
using KernelC.Runtime.Bundles;

namespace KernelC.Cli.Tests;

/// <summary>`kernelc build`: bundles as specified, deterministic, and user errors as positioned diagnostics.</summary>
public sealed class BuildTests(BundleFixture fx) : IClassFixture<BundleFixture>
{
    public static TheoryData<string> Examples() => new(BundleFixture.Names);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_builds_into_a_bundle_whose_manifest_hashes_every_file(string name)
    {
        var (code, stdout, stderr) = fx.Builds[name];
        Assert.True(code == 0, stderr);
        // The examples' default pipelines (their schedules): fuse, then tile (matmul, softmax, layernorm, rmsnorm,
        // gelu_mlp) or flash (attention, causal_attention); the quantized examples stay with fuse, quantize.
        bool tiled = name is "matmul" or "softmax" or "layernorm" or "rmsnorm" or "gelu_mlp";
        bool flash = name is "attention" or "causal_attention";
        Assert.Contains(tiled || flash ? "[1/2] fuse" : "[1/1] fuse", stderr);
        Assert.Matches(@"  proved   \S+\.equal  \(\d+\.\d\d s\)", stderr);
        Assert.Contains("proved", stdout); // summary table
        var dir = fx.BundleOf(name);
        var m = BundleManifestJson.Read(File.ReadAllBytes(Path.Combine(dir, "manifest.json")), "manifest.json", new DiagnosticBag())!;
        Assert.Equal(name + ".kc", m.Source.Name);
        Assert.Equal(name == "matmul" ? "fuse,tile(64,64,32)" : tiled ? "fuse,tile(64,64)" : flash ? "fuse,flash(64,8)" : "fuse", m.Pipeline);
        Assert.Equal(File.ReadAllBytes(TestPaths.Example(name + ".kc")), File.ReadAllBytes(Path.Combine(dir, "source.kc")));
        Assert.Equal(tiled ? ["ir/0-source.kcir", "ir/1-fuse.kcir", "ir/2-tile.kcir"]
            : flash ? ["ir/0-source.kcir", "ir/1-fuse.kcir", "ir/2-flash.kcir"] : ["ir/0-source.kcir", "ir/1-fuse.kcir"],
            m.Stages.Select(s => s.Ir));
        Assert.Equal("certificates/1-fuse/certificate.json", m.Stages[1].Certificate);
        Assert.Contains($"certificates/1-fuse/{name}.", m.Stages[1].Obligations[0]);
        var onDisk = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Where(f => f != "manifest.json")
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, m.Files.Select(f => f.Path));
        foreach (var f in m.Files)
            Assert.Equal(IrHash.Sha256Hex(File.ReadAllBytes(Path.Combine(dir, f.Path))), f.Sha256);
        foreach (var o in m.Stages[1].Obligations)
        {
            Assert.Contains("\"verdict\": \"proved\"", File.ReadAllText(Path.Combine(dir, o + ".json")));
            Assert.Contains("(check-sat)", File.ReadAllText(Path.Combine(dir, o + ".smt2")));
        }
        var manifestText = File.ReadAllText(Path.Combine(dir, "manifest.json"));
        Assert.DoesNotContain("\r", manifestText);
        Assert.DoesNotContain(TestPaths.RepoRoot, manifestText);
        Assert.NotNull(BundleReader.Read(dir, new DiagnosticBag()));
    }

    [Fact]
    public void Building_twice_gives_byte_identical_bundles()
    {
        using var tmp = new TempDir();
        var again = tmp.File("again");
        var (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", again);
        Assert.True(code == 0, stderr);
        var first = fx.BundleOf("softmax");
        var a = Directory.EnumerateFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order().ToList();
        var b = Directory.EnumerateFiles(again, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(again, f)).Order().ToList();
        Assert.Equal(a, b);
        foreach (var f in a)
            Assert.True(File.ReadAllBytes(Path.Combine(first, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(again, f))), f);
    }

    [Fact]
    public void Rebuilding_over_a_bundle_replaces_it_and_leaves_no_staging_folder()
    {
        using var tmp = new TempDir();
        var dir = fx.Copy("matmul", tmp);
        File.WriteAllText(Path.Combine(dir, "stray.txt"), "x");
        var (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("matmul.kc"), "-o", dir);
        Assert.True(code == 0, stderr);
        Assert.False(File.Exists(Path.Combine(dir, "stray.txt")));
        Assert.Equal(["matmul"], Directory.EnumerateFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_broken_pipeline_is_KC0501_positioned_in_the_pipeline_text_and_writes_nothing()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("matmul.kc"), "-o", tmp.File("b"), "--pipeline", "fuse,,fuse");
        Assert.Equal(1, code);
        Assert.Contains("--pipeline:1:6: error KC0501", stderr);
        Assert.False(Directory.Exists(tmp.File("b")));
    }

    [Fact]
    public void A_broken_schedule_is_positioned_inside_the_schedule_string_in_the_source()
    {
        using var tmp = new TempDir();
        var src = tmp.File("s.kc");
        File.WriteAllText(src, "kernel k(x: f32[N]) -> (y: f32[N]) {\n  y[i] = x[i] * x[i]\n  schedule \"fuse(\"\n}\n");
        var (code, _, stderr) = Kernelc.Run("build", src, "-o", tmp.File("b"));
        Assert.Equal(1, code);
        Assert.Matches(@"s\.kc:3:\d+: error KC0501", stderr);
        Assert.Contains("^", stderr);
    }

    [Fact]
    public void Kernels_with_different_schedules_need_a_pipeline_KC0610()
    {
        using var tmp = new TempDir();
        var src = tmp.File("two.kc");
        File.WriteAllText(src, "kernel a(x: f32[N]) -> (y: f32[N]) {\n  y[i] = x[i]\n  schedule \"fuse\"\n}\n"
            + "kernel b(x: f32[N]) -> (y: f32[N]) {\n  y[i] = x[i]\n  schedule \"\"\n}\n");
        var (code, _, stderr) = Kernelc.Run("build", src, "-o", tmp.File("b"));
        Assert.Equal(1, code);
        Assert.Contains("error KC0610", stderr);
        var (ok, _, err2) = Kernelc.Run("build", src, "-o", tmp.File("b"), "--pipeline", "fuse");
        Assert.True(ok == 0, err2);
    }

    [Fact]
    public void An_unknown_pass_is_KC0502_and_a_missing_plugin_is_KC0510()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("matmul.kc"), "-o", tmp.File("b"), "--pipeline", "fuse,nosuch");
        Assert.Equal(1, code);
        Assert.Contains("KC0502", stderr);
        (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("matmul.kc"), "-o", tmp.File("b"), "--pass-plugin", tmp.File("none.dll"));
        Assert.Equal(1, code);
        Assert.Contains("KC0510", stderr);
        Assert.False(Directory.Exists(tmp.File("b")));
    }

    [Fact]
    public void An_output_folder_that_is_not_a_bundle_is_never_replaced_KC0611()
    {
        using var tmp = new TempDir();
        var precious = tmp.File("precious");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "thesis.tex"), "do not delete");
        var (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("matmul.kc"), "-o", precious);
        Assert.Equal(1, code);
        Assert.Contains("KC0611", stderr);
        Assert.True(File.Exists(Path.Combine(precious, "thesis.tex")));
    }

    [Fact]
    public void A_source_with_errors_is_exit_1_and_writes_nothing()
    {
        using var tmp = new TempDir();
        var src = tmp.File("bad.kc");
        File.WriteAllText(src, "kernel k(x: f32[N]) -> (y: f32[N]) {\n  y[i] = nope[i]\n}\n");
        var (code, _, stderr) = Kernelc.Run("build", src, "-o", tmp.File("b"));
        Assert.Equal(1, code);
        Assert.Contains("KC0201", stderr);
        Assert.False(Directory.Exists(tmp.File("b")));
    }
}
