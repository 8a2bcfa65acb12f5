using KernelC.Tests.Shared;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Runtime.Bundles;

namespace KernelC.Runtime.Tests.Bundles;

/// <summary>The strict bundle reader on small synthetic bundles: a valid one reads; each rule has a broken case.</summary>
public sealed class BundleReaderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kc-bundle-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    private string Make(string name = "b")
    {
        var dir = Path.Combine(_root, name);
        var files = new Dictionary<string, byte[]>
        {
            ["source.kc"] = "kernel k() -> () {}\n"u8.ToArray(),
            ["ir/0-source.kcir"] = "ir0"u8.ToArray(),
            ["ir/1-fuse.kcir"] = "ir1"u8.ToArray(),
            ["certificates/1-fuse/certificate.json"] = "{}"u8.ToArray(),
            ["certificates/1-fuse/k.y.equal.smt2"] = "(check-sat)"u8.ToArray(),
            ["certificates/1-fuse/k.y.equal.json"] = "{}"u8.ToArray(),
        };
        var skeleton = new BundleManifest(new BundleSource("source.kc", "k.kc", ""), "fuse", new BundleLimits(10_000, 1, 0),
            EqArray.Of(new BundleStage(0, "source", "ir/0-source.kcir", null, EqArray<string>.Empty),
                new BundleStage(1, "fuse", "ir/1-fuse.kcir", "certificates/1-fuse/certificate.json", EqArray.Of("certificates/1-fuse/k.y.equal"))),
            EqArray<BundleFile>.Empty);
        BundleWriter.Write(dir, skeleton, files);
        return dir;
    }

    private static List<string> Ids(string dir)
    {
        var diags = new DiagnosticBag();
        var b = BundleReader.Read(dir, diags);
        Assert.Equal(b is null, diags.HasErrors);
        return diags.Items.Select(d => d.Id).ToList();
    }

    private static string Manifest(string dir) => Path.Combine(dir, "manifest.json");

    private static void EditManifest(string dir, string from, string to)
    {
        var text = File.ReadAllText(Manifest(dir));
        Assert.Contains(from, text);
        File.WriteAllText(Manifest(dir), text.Replace(from, to));
    }

    [Fact]
    public void A_written_bundle_reads_back_with_every_file()
    {
        var dir = Make();
        var diags = new DiagnosticBag();
        var b = BundleReader.Read(dir, diags);
        Assert.False(diags.HasErrors, string.Join("\n", diags.Items));
        Assert.NotNull(b);
        Assert.Equal(6, b.Files.Count);
        Assert.Equal("ir1", Encoding.UTF8.GetString(b.Files["ir/1-fuse.kcir"]));
        Assert.Equal(BundleManifestJson.Write(b.Manifest), File.ReadAllText(Manifest(dir)));
    }

    [Fact]
    public void Writing_the_same_contents_twice_gives_the_same_manifest_bytes() =>
        Assert.Equal(File.ReadAllBytes(Manifest(Make("a"))), File.ReadAllBytes(Manifest(Make("b"))));

    [Fact]
    public void A_changed_file_is_KC0607()
    {
        var dir = Make();
        File.WriteAllText(Path.Combine(dir, "ir/1-fuse.kcir"), "ir2");
        Assert.Equal(["KC0607"], Ids(dir));
    }

    [Fact]
    public void A_stray_file_or_folder_is_KC0608()
    {
        var dir = Make();
        File.WriteAllText(Path.Combine(dir, "ir/extra.kcir"), "x");
        Directory.CreateDirectory(Path.Combine(dir, "empty"));
        Assert.Equal(["KC0608", "KC0608"], Ids(dir));
    }

    [Fact]
    public void A_deleted_file_is_KC0606() 
    {
        var dir = Make();
        File.Delete(Path.Combine(dir, "certificates/1-fuse/k.y.equal.json"));
        Assert.Contains("KC0606", Ids(dir));
    }

    [Fact]
    public void A_symlinked_file_or_folder_is_KC0605()
    {
        var dir = Make();
        var outside = Path.Combine(_root, "outside.kcir");
        File.WriteAllText(outside, "ir1");
        File.Delete(Path.Combine(dir, "ir/1-fuse.kcir"));
        File.CreateSymbolicLink(Path.Combine(dir, "ir/1-fuse.kcir"), outside);
        Assert.Contains("KC0605", Ids(dir));

        var dir2 = Make("c");
        Directory.Move(Path.Combine(dir2, "certificates"), Path.Combine(_root, "certs"));
        Directory.CreateSymbolicLink(Path.Combine(dir2, "certificates"), Path.Combine(_root, "certs"));
        Assert.Contains("KC0605", Ids(dir2));
    }

    [Theory]
    [InlineData("ir/../ir/0-source.kcir")]
    [InlineData("/etc/passwd")]
    [InlineData("ir\\\\0-source.kcir")]
    [InlineData("ir//0-source.kcir")]
    [InlineData("./ir/0-source.kcir")]
    public void A_bad_path_is_KC0604(string bad)
    {
        var dir = Make();
        EditManifest(dir, "\"path\": \"ir/0-source.kcir\"", $"\"path\": \"{bad}\"");
        Assert.Contains("KC0604", Ids(dir));
    }

    [Fact]
    public void A_source_name_with_a_folder_is_KC0604()
    {
        var dir = Make();
        EditManifest(dir, "\"name\": \"k.kc\"", "\"name\": \"/home/me/k.kc\"");
        Assert.Equal(["KC0604"], Ids(dir));
    }

    [Theory]
    [InlineData("\"format\": \"kernelc-bundle/1\"", "\"format\": \"kernelc-bundle/2\"")]
    [InlineData("\"pipeline\": \"fuse\"", "\"pipeline\": 3")]
    [InlineData("\"pipeline\": \"fuse\"", "\"pipeline\": \"fuse\", \"extra\": 1")]
    [InlineData("\"pipeline\": \"fuse\"", "\"pipeline\": \"fuse\", \"pipeline\": \"fuse\"")]
    [InlineData("\"seed\": 0", "\"seed\": -1")]
    [InlineData("\"index\": 1", "\"index\": 1.5")]
    public void A_schema_violation_is_KC0603(string from, string to)
    {
        var dir = Make();
        EditManifest(dir, from, to);
        Assert.Equal(["KC0603"], Ids(dir));
    }

    [Fact]
    public void A_file_list_out_of_order_is_KC0603()
    {
        var dir = Make();
        EditManifest(dir, "\"path\": \"source.kc\"", "\"path\": \"ir/0-source.kcir\"");
        Assert.Contains("KC0603", Ids(dir));
    }

    [Fact]
    public void Stages_out_of_order_or_naming_unlisted_files_are_KC0609()
    {
        var dir = Make();
        EditManifest(dir, "\"index\": 1", "\"index\": 2");
        Assert.Equal(["KC0609"], Ids(dir));
        var dir2 = Make("c");
        EditManifest(dir2, "\"certificates/1-fuse/k.y.equal\"", "\"certificates/1-fuse/k.y.other\"");
        Assert.Contains("KC0609", Ids(dir2));
    }

    [Fact]
    public void A_missing_folder_or_manifest_is_KC0602()
    {
        Assert.Equal(["KC0602"], Ids(Path.Combine(_root, "nope")));
        var dir = Make();
        File.Delete(Manifest(dir));
        Assert.Equal(["KC0602"], Ids(dir));
    }

    [Fact]
    public void A_manifest_over_one_MiB_is_refused_before_parsing()
    {
        var dir = Make();
        File.WriteAllText(Manifest(dir), new string(' ', (1 << 20) + 1));
        Assert.Equal(["KC0602"], Ids(dir));
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void Mutated_manifests_never_crash_and_never_change_the_hashed_files()
    {
        var dir = Make();
        var valid = File.ReadAllBytes(Manifest(dir));
        var original = BundleReader.Read(dir, new DiagnosticBag())!.Manifest;
        var gen = Gen.Choose(0, valid.Length - 1).SelectMany(pos => Gen.Choose(0, 255).SelectMany(b =>
            Gen.Choose(0, 2).Select(kind => (pos, (byte)b, kind))));
        Prop.ForAll(gen.ToArbitrary(), m =>
        {
            var (pos, b, kind) = m;
            var bytes = kind switch
            {
                0 => valid.Take(pos).Append(b).Concat(valid.Skip(pos + 1)).ToArray(),   // replace a byte
                1 => valid.Take(pos).Concat(valid.Skip(pos + 1)).ToArray(),            // delete a byte
                _ => valid.Take(pos).Append(b).Concat(valid.Skip(pos)).ToArray(),      // insert a byte
            };
            File.WriteAllBytes(Manifest(dir), bytes);
            var diags = new DiagnosticBag();
            var bundle = BundleReader.Read(dir, diags);
            // Never an exception; null exactly when there are errors. A mutation may still read when it changes no
            // hashed file (whitespace, the pipeline or limits text: verify catches those when it re-derives), but
            // then the file list and every hash are the original ones.
            if (bundle is null) return diags.HasErrors;
            return !diags.HasErrors && bundle.Manifest.Files == original.Files;
        }).Check(FuzzBudget.Config());
    }
}
