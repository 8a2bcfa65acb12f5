using System.Text.RegularExpressions;
using KernelC.Backend.Ptx.Program;

namespace KernelC.Cli.Tests;

/// <summary>`kernelc build` writes ptx/KERNEL.ptx and ptx/KERNEL.program.json and prints the per-launch report;
/// `kernelc verify` re-emits the PTX from the final IR and refuses PTX files that differ, even with every hash fixed.</summary>
public sealed class PtxBuildTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Build(string name, params string[] more)
    {
        var output = _dir.File(name + string.Join("", more));
        // pipeline fuse: one launch per tensor-level compute, whose grid and bytes are checked below
        var (code, stdout, stderr) = Kernelc.Run(["build", TestPaths.Example(name + ".kc"), "-o", output, "--pipeline", "fuse", .. more]);
        Assert.True(code == 0, stderr);
        Assert.Contains("[ptx] ", stderr);
        Assert.Contains("softmax_y", stdout);          // the report lists every launch
        Assert.Contains("ceil(C/256) x R x 1", stdout); // with its grid
        Assert.Contains("8*C*R+8*R", stdout);           // and its compulsory bytes
        return output;
    }

    [Fact]
    public void Build_writes_the_ptx_pair_and_verify_accepts_it()
    {
        var b = Build("softmax");
        Assert.StartsWith("//", File.ReadAllText(Path.Combine(b, "ptx/softmax.ptx")));
        Assert.Contains("\"format\": \"kernelc-ptx-program/1\"", File.ReadAllText(Path.Combine(b, "ptx/softmax.program.json")));
        var (code, _, stderr) = Kernelc.Run("verify", b);
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Target_sm_90_is_written_and_re_emitted_for_sm_90()
    {
        var b = Build("softmax", "--target", "sm_90");
        Assert.Contains(".target sm_90\n", File.ReadAllText(Path.Combine(b, "ptx/softmax.ptx")));
        Assert.Equal(0, Kernelc.Run("verify", b).Code);
    }

    [Fact]
    public void A_changed_ptx_with_every_hash_fixed_is_refused_KC0627()
    {
        var b = Build("softmax");
        var ptxPath = Path.Combine(b, "ptx/softmax.ptx");
        var progPath = Path.Combine(b, "ptx/softmax.program.json");
        var oldText = File.ReadAllText(ptxPath);
        var newText = oldText.Replace("div.rn.f32", "mul.rn.f32"); // a "small change" in the emitted code
        Assert.NotEqual(oldText, newText);
        File.WriteAllText(ptxPath, newText);
        File.WriteAllText(progPath, File.ReadAllText(progPath).Replace(PtxProgramJson.Sha256(oldText), PtxProgramJson.Sha256(newText)));
        BundleFixture.Rehash(b, "ptx/softmax.ptx");
        BundleFixture.Rehash(b, "ptx/softmax.program.json");
        var (code, _, stderr) = Kernelc.Run("verify", b);
        Assert.Equal(1, code);
        Assert.Matches(new Regex("softmax\\.ptx: error KC0627"), stderr);
    }

    [Fact]
    public void An_unknown_target_is_refused_before_any_work()
    {
        var (code, _, stderr) = Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", _dir.File("x"), "--target", "sm_70");
        Assert.NotEqual(0, code);
        Assert.Contains("sm_70", stderr);
        Assert.False(Directory.Exists(_dir.File("x")));
    }
}
