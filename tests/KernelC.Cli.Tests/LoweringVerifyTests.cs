using System.Text.RegularExpressions;

namespace KernelC.Cli.Tests;

/// <summary>`kernelc verify --prove-ptx`: the bundle's PTX is proved against its final IR by the lowering rule; a PTX
/// edited in the bundle with every hash fixed (manifest and program file) is refuted by the lowering proof itself,
/// not only by the re-emission check (KC0627).</summary>
public class LoweringVerifyTests
{
    [Fact]
    public void Verify_with_prove_ptx_proves_the_lowering_and_refutes_an_edited_instruction_with_fixed_hashes()
    {
        using var tmp = new TempDir();
        var bundle = tmp.File("softmax");
        var build = Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", bundle);
        Assert.True(build.Code == 0, build.Err);

        var ok = Kernelc.Run("verify", bundle, "--prove-ptx");
        Assert.True(ok.Code == 0, ok.Out + ok.Err);
        Assert.Contains("softmax.y.lowering.R33_C33", ok.Out);

        // the attacker edits x - m into x + m and fixes the program file's ptx_sha256 and the manifest
        var ptxPath = Path.Combine(bundle, "ptx", "softmax.ptx");
        var ptx = File.ReadAllText(ptxPath);
        int at = ptx.IndexOf("sub.rn.f32", StringComparison.Ordinal);
        Assert.True(at >= 0, ptx);
        var edited = ptx[..at] + "add.rn.f32" + ptx[(at + "sub.rn.f32".Length)..];
        File.WriteAllText(ptxPath, edited);
        var progPath = Path.Combine(bundle, "ptx", "softmax.program.json");
        var prog = Regex.Replace(File.ReadAllText(progPath), "\"ptx_sha256\": \"[0-9a-f]{64}\"",
            $"\"ptx_sha256\": \"{KernelC.Verifier.Ptx.LoweringProgram.Sha256(edited)}\"");
        File.WriteAllText(progPath, prog);
        BundleFixture.Rehash(bundle, "ptx/softmax.ptx");
        BundleFixture.Rehash(bundle, "ptx/softmax.program.json");

        var bad = Kernelc.Run("verify", bundle, "--prove-ptx");
        Assert.NotEqual(0, bad.Code);
        Assert.Matches(@"softmax\.y\.lowering\.R33_C33.*refuted", bad.Out);
    }
}
