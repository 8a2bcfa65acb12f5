using KernelC.Runtime.Bundles;

namespace KernelC.Cli.Tests;

/// <summary>Builds every example once per test class (z3, default pipeline); tests copy a bundle before changing it.</summary>
public sealed class BundleFixture : IDisposable
{
    public static readonly string[] Names = ["attention", "causal_attention", "softmax", "layernorm", "rmsnorm", "matmul", "gelu_mlp"];

    private readonly TempDir _dir = new();
    public Dictionary<string, (int Code, string Out, string Err)> Builds { get; } = new();

    public BundleFixture()
    {
        foreach (var n in Names)
            Builds[n] = Kernelc.Run("build", TestPaths.Example(n + ".kc"), "-o", BundleOf(n));
    }

    public string BundleOf(string name) => Path.Combine(_dir.Path, name);

    /// <summary>A fresh copy of an example's bundle inside <paramref name="into"/>.</summary>
    public string Copy(string name, TempDir into)
    {
        var target = into.File(name);
        foreach (var f in Directory.EnumerateFiles(BundleOf(name), "*", SearchOption.AllDirectories))
        {
            var t = Path.Combine(target, Path.GetRelativePath(BundleOf(name), f));
            Directory.CreateDirectory(Path.GetDirectoryName(t)!);
            File.Copy(f, t);
        }
        return target;
    }

    /// <summary>Rewrites the manifest so that the listed hash of <paramref name="relative"/> matches its bytes again
    /// (the tamperer who also fixes the manifest).</summary>
    public static void Rehash(string bundle, string relative)
    {
        var path = Path.Combine(bundle, "manifest.json");
        var m = BundleManifestJson.Read(File.ReadAllBytes(path), path, new KernelC.IR.DiagnosticBag())!;
        var hash = KernelC.IR.IrHash.Sha256Hex(File.ReadAllBytes(Path.Combine(bundle, relative)));
        var files = m.Files.Select(f => f.Path == relative ? f with { Sha256 = hash } : f).ToList();
        var source = relative == "source.kc" ? m.Source with { Sha256 = hash } : m.Source;
        File.WriteAllText(path, BundleManifestJson.Write(m with { Files = new KernelC.IR.EqArray<BundleFile>(files), Source = source }));
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>A fact that runs only when cvc5 is on PATH (skipped with the reason otherwise).</summary>
public sealed class Cvc5FactAttribute : FactAttribute
{
    public Cvc5FactAttribute()
    {
        if (!KernelC.Verifier.Solvers.Cvc5Solver.IsAvailable()) Skip = "cvc5 is not installed (apt-get install cvc5)";
    }
}
