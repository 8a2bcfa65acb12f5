using KernelC.Tests.Shared;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace KernelC.Cli.Tests;

/// <summary>`kernelc verify`: every committed-style bundle re-proves; every kind of tampering is refused.</summary>
public sealed class VerifyTests(BundleFixture fx) : IClassFixture<BundleFixture>
{
    public static TheoryData<string> Examples() => new(BundleFixture.Names);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_bundle_verifies_with_z3(string name)
    {
        Assert.True(fx.Builds[name].Code == 0, fx.Builds[name].Err);
        var (code, stdout, stderr) = Kernelc.Run("verify", fx.BundleOf(name));
        Assert.True(code == 0, stderr);
        Assert.Contains("verified", stderr);
        Assert.Contains(name + ".", stdout);
    }

    [Cvc5Fact]
    public void Bundles_verify_with_cvc5_and_with_both_solvers()
    {
        foreach (var name in new[] { "softmax", "attention" })
        {
            var (code, stdout, stderr) = Kernelc.Run("verify", fx.BundleOf(name), "--solver", "all");
            Assert.True(code == 0, stderr);
            Assert.Contains("cvc5", stdout);
            Assert.Contains("z3", stdout);
        }
    }

    [Fact]
    public void A_longer_timeout_still_verifies_the_files_written_with_the_bundles_limits()
    {
        var (code, _, stderr) = Kernelc.Run("verify", fx.BundleOf("matmul"), "--timeout", "20000");
        Assert.True(code == 0, stderr);
    }

    private (int Code, string Err) Tampered(string name, Action<string> change)
    {
        using var tmp = new TempDir();
        var dir = fx.Copy(name, tmp);
        change(dir);
        var (code, _, stderr) = Kernelc.Run("verify", dir);
        return (code, stderr);
    }

    [Fact]
    public void A_changed_IR_file_is_a_hash_mismatch_KC0607()
    {
        var (code, err) = Tampered("softmax", d => File.AppendAllText(Path.Combine(d, "ir/1-fuse.kcir"), " "));
        Assert.Equal(1, code);
        Assert.Contains("KC0607", err);
        Assert.Contains("1-fuse.kcir", err);
    }

    [Fact]
    public void A_changed_IR_with_the_manifest_hash_updated_is_refused()
    {
        // A different IR after: replace the division by a multiplication (a pass that "adds a small change").
        var (code, err) = Tampered("softmax", d =>
        {
            var p = Path.Combine(d, "ir/1-fuse.kcir");
            var text = File.ReadAllText(p);
            Assert.Contains(" = div ", text);
            File.WriteAllText(p, text.Replace(" = div ", " = mul "));
            BundleFixture.Rehash(d, "ir/1-fuse.kcir");
        });
        Assert.NotEqual(0, code);
        Assert.Contains("KC0622", err); // the certificate names another step
    }

    [Fact]
    public void A_changed_source_IR_with_the_hash_updated_differs_from_the_re_lowered_source_KC0620()
    {
        var (code, err) = Tampered("matmul", d =>
        {
            File.AppendAllText(Path.Combine(d, "ir/0-source.kcir"), "\n");
            BundleFixture.Rehash(d, "ir/0-source.kcir");
        });
        Assert.Equal(1, code);
        Assert.Contains("KC0620", err);
    }

    [Fact]
    public void A_changed_smt2_with_the_hash_updated_is_KC0624()
    {
        var (code, err) = Tampered("matmul", d =>
        {
            var rel = "certificates/1-fuse/matmul.c.equal.smt2";
            File.WriteAllText(Path.Combine(d, rel), File.ReadAllText(Path.Combine(d, rel)).Replace("(check-sat)", "(check-sat)\n(assert false)"));
            BundleFixture.Rehash(d, rel);
        });
        Assert.Equal(1, code);
        Assert.Contains("KC0624", err);
        Assert.Contains("matmul.c.equal.smt2", err);
    }

    [Fact]
    public void A_changed_record_with_the_hash_updated_is_KC0625()
    {
        var (code, err) = Tampered("matmul", d =>
        {
            var rel = "certificates/1-fuse/matmul.c.equal.json";
            File.WriteAllText(Path.Combine(d, rel), File.ReadAllText(Path.Combine(d, rel)).Replace("\"sizes\": \"all\"", "\"sizes\": \"every\""));
            BundleFixture.Rehash(d, rel);
        });
        Assert.Equal(1, code);
        Assert.Contains("KC0625", err);
    }

    [Fact]
    public void A_changed_certificate_hint_with_the_hash_updated_is_refused()
    {
        var (code, err) = Tampered("matmul", d =>
        {
            var rel = "certificates/1-fuse/certificate.json";
            var text = File.ReadAllText(Path.Combine(d, rel));
            File.WriteAllText(Path.Combine(d, rel), text.Replace("\"hints\": [", "\"hints\": [\n    {\n      \"key\": \"claim\",\n      \"value\": \"reals\"\n    },"));
            BundleFixture.Rehash(d, rel);
        });
        Assert.Equal(1, code);
        Assert.Contains("KC0623", err); // the obligations regenerated (reals claims) are not the ones listed
    }

    [Fact]
    public void A_stray_file_is_KC0608()
    {
        var (code, err) = Tampered("matmul", d => File.WriteAllText(Path.Combine(d, "certificates/extra.smt2"), "(check-sat)"));
        Assert.Equal(1, code);
        Assert.Contains("KC0608", err);
    }

    [Fact]
    public void A_deleted_file_is_KC0606()
    {
        var (code, err) = Tampered("matmul", d => File.Delete(Path.Combine(d, "certificates/1-fuse/matmul.c.equal.json")));
        Assert.Equal(1, code);
        Assert.Contains("KC0606", err);
    }

    [Fact]
    public void A_path_with_dotdot_is_KC0604()
    {
        var (code, err) = Tampered("matmul", d =>
        {
            var p = Path.Combine(d, "manifest.json");
            File.WriteAllText(p, File.ReadAllText(p).Replace("\"path\": \"ir/0-source.kcir\"", "\"path\": \"ir/../ir/0-source.kcir\""));
        });
        Assert.Equal(1, code);
        Assert.Contains("KC0604", err);
    }

    [Fact]
    public void A_symlink_is_KC0605()
    {
        var (code, err) = Tampered("matmul", d =>
        {
            var p = Path.Combine(d, "source.kc");
            var target = Path.Combine(Path.GetDirectoryName(d)!, "elsewhere.kc");
            File.Move(p, target);
            File.CreateSymbolicLink(p, target);
        });
        Assert.Equal(1, code);
        Assert.Contains("KC0605", err);
    }

    [Fact]
    public void Garbage_manifest_is_KC0603_not_a_crash()
    {
        var rng = new Random(7);
        for (int i = 0; i < 5; i++)
        {
            var bytes = new byte[rng.Next(0, 300)];
            rng.NextBytes(bytes);
            var (code, err) = Tampered("matmul", d => File.WriteAllBytes(Path.Combine(d, "manifest.json"), bytes));
            Assert.Equal(1, code);
            Assert.Contains("KC0603", err);
        }
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void Mutated_manifests_are_refused_and_never_crash()
    {
        using var tmp = new TempDir();
        var dir = fx.Copy("matmul", tmp);
        var path = Path.Combine(dir, "manifest.json");
        var valid = File.ReadAllBytes(path);
        var text = System.Text.Encoding.UTF8.GetString(valid);
        int nameAt = text.IndexOf("\"name\": \"", StringComparison.Ordinal) + 9, nameEnd = text.IndexOf('"', nameAt);
        var gen = Gen.Choose(0, valid.Length - 1).SelectMany(pos => Gen.Choose(0, 255).Select(b => (pos, (byte)b)));
        Prop.ForAll(gen.ToArbitrary(), m =>
        {
            var (pos, b) = m;
            var bytes = (byte[])valid.Clone();
            bytes[pos] = b;
            File.WriteAllBytes(path, bytes);
            var (code, _, err) = Kernelc.Run("verify", dir);
            // Only the source's display name is not bound by a hash or a re-derivation (it names the SARIF location).
            bool harmless = b == valid[pos] || (pos >= nameAt && pos < nameEnd && code == 0);
            return harmless || (code == 1 && err.Contains("error KC06"));
        }).Check(FuzzBudget.Config());
        File.WriteAllBytes(path, valid);
        Assert.Equal(0, Kernelc.Run("verify", dir).Code);
    }

    [Fact]
    public void A_missing_bundle_is_exit_1()
    {
        var (code, _, stderr) = Kernelc.Run("verify", "/nonexistent/bundle");
        Assert.Equal(1, code);
        Assert.Contains("KC0602", stderr);
    }

    [Fact]
    public void Sarif_is_version_2_1_0_with_one_result_per_obligation_and_deterministic()
    {
        using var tmp = new TempDir();
        var sarif = tmp.File("out.sarif");
        var (code, _, stderr) = Kernelc.Run("verify", fx.BundleOf("softmax"), "--sarif", sarif);
        Assert.True(code == 0, stderr);
        var text = File.ReadAllText(sarif);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        Assert.Equal("kernelc", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        Assert.Equal("KCV-congruence", run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("id").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        // one result per obligation: every stage's (softmax's schedule is fuse, then tile) and the PTX lowering's
        var listed = Directory.EnumerateFiles(Path.Combine(fx.BundleOf("softmax"), "certificates"), "*.smt2", SearchOption.AllDirectories).Count()
            + Directory.EnumerateFiles(Path.Combine(fx.BundleOf("softmax"), "ptx/lowering/softmax"), "*.smt2").Count();
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(),
            r => r.GetProperty("id").GetString() == "KCV-lowering");
        Assert.Equal(listed, results.Count);
        Assert.All(results, r => Assert.Equal("pass", r.GetProperty("kind").GetString()));
        var loc = results[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("softmax.kc", loc.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.True(loc.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
        var again = tmp.File("again.sarif");
        Assert.Equal(0, Kernelc.Run("verify", fx.BundleOf("softmax"), "--sarif", again).Code);
        Assert.Equal(text, File.ReadAllText(again));
    }
}
