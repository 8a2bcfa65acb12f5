using System.Text.RegularExpressions;

namespace KernelC.Cli.Tests;

/// <summary>`kernelc build` proves every kernel's PTX against the final IR (lowering rule) and stores the proof in
/// ptx/lowering/KERNEL/; plain `kernelc verify` re-derives, re-proves and compares it. A PTX edited in the bundle
/// with every hash fixed (manifest and program file) is refuted by the lowering proof itself, not only by the
/// re-emission check (KC0627); a stored lowering file that was edited or removed is a difference.</summary>
public class LoweringVerifyTests
{
    [Fact]
    public void Plain_verify_proves_the_lowering_and_refutes_an_edited_instruction_with_fixed_hashes()
    {
        using var tmp = new TempDir();
        var bundle = tmp.File("softmax");
        var build = Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", bundle);
        Assert.True(build.Code == 0, build.Err);

        Assert.True(File.Exists(Path.Combine(bundle, "ptx", "lowering", "softmax", "certificate.json")));
        Assert.True(File.Exists(Path.Combine(bundle, "ptx", "lowering", "softmax", "softmax.y.lowering.R33_C33.smt2")));
        Assert.Matches(@"ptx @softmax.*proved", build.Out);
        var ok = Kernelc.Run("verify", bundle);
        Assert.True(ok.Code == 0, ok.Out + ok.Err);
        Assert.Matches(@"softmax\.y\.lowering\.R33_C33.*proved", ok.Out);
        var alias = Kernelc.Run("verify", bundle, "--prove-ptx"); // kept as a no-op
        Assert.True(alias.Code == 0, alias.Out + alias.Err);

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

        var bad = Kernelc.Run("verify", bundle);
        Assert.NotEqual(0, bad.Code);
        Assert.Matches(@"softmax\.y\.lowering\.R33_C33.*refuted", bad.Out);
        }

    [Fact]
    public void An_edited_or_missing_lowering_record_is_a_difference()
    {
        using var tmp = new TempDir();
        var bundle = tmp.File("softmax");
        var build = Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", bundle);
        Assert.True(build.Code == 0, build.Err);

        // the record's verdict is fine, but its claim is edited (hash fixed): verify regenerates it and differs (KC0625)
        var rel = "ptx/lowering/softmax/softmax.y.lowering.R33_C33.json";
        var path = Path.Combine(bundle, rel);
        File.WriteAllText(path, File.ReadAllText(path).Replace("at bounded", "for all sizes, not only at bounded", StringComparison.Ordinal));
        BundleFixture.Rehash(bundle, rel);
        var edited = Kernelc.Run("verify", bundle);
        Assert.Equal(1, edited.Code);
        Assert.Contains("KC0625", edited.Err);

        // the whole lowering folder removed from the bundle and the manifest: no lowering proof is a difference (KC0623)
        var again = tmp.File("softmax2");
        Assert.Equal(0, Kernelc.Run("build", TestPaths.Example("softmax.kc"), "-o", again).Code);
        Remove(again, "ptx/lowering/softmax/certificate.json");
        Remove(again, "ptx/lowering/softmax/softmax.y.lowering.R33_C33.json");
        Remove(again, "ptx/lowering/softmax/softmax.y.lowering.R33_C33.smt2");
        var missing = Kernelc.Run("verify", again);
        Assert.Equal(1, missing.Code);
        Assert.Contains("KC0623", missing.Err);
    }

    /// <summary>Deletes a file of the bundle and its manifest entry (the tamperer who also fixes the manifest).</summary>
    private static void Remove(string bundle, string relative)
    {
        File.Delete(Path.Combine(bundle, relative));
        for (var d = Path.GetDirectoryName(Path.Combine(bundle, relative))!; d != bundle && !Directory.EnumerateFileSystemEntries(d).Any(); d = Path.GetDirectoryName(d)!)
            Directory.Delete(d); // an empty folder left behind would be a stray folder (KC0608)
        var path = Path.Combine(bundle, "manifest.json");
        var m = KernelC.Runtime.Bundles.BundleManifestJson.Read(File.ReadAllBytes(path), path, new KernelC.IR.DiagnosticBag())!;
        var files = m.Files.Where(f => f.Path != relative).ToList();
        File.WriteAllText(path, KernelC.Runtime.Bundles.BundleManifestJson.Write(m with { Files = new KernelC.IR.EqArray<KernelC.Runtime.Bundles.BundleFile>(files) }));
    }
}
