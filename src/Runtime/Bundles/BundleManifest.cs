using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>The manifest of a bundle (docs/bundles.md): pure data, nothing in it is executed. Paths are relative to
/// the bundle folder, '/'-separated. Invariant after <see cref="BundleReader"/>: every path is listed in
/// <see cref="Files"/>, whose hashes match the bytes on disk, and nothing else is in the folder.</summary>
public sealed record BundleManifest(
    BundleSource Source,
    string Pipeline,
    BundleLimits Limits,
    EqArray<BundleStage> Stages,
    EqArray<BundleFile> Files)
{
    /// <summary>The value of the "format" field; a reader refuses any other.</summary>
    public const string Format = "kernelc-bundle/1";

    public const string ManifestFile = "manifest.json";
    public const string SourceFile = "source.kc";
}

/// <summary>The source: <see cref="File"/> is always "source.kc"; <see cref="Name"/> the original file name only
/// (no folder, so the manifest holds no machine path).</summary>
public sealed record BundleSource(string File, string Name, string Sha256);

/// <summary>The solver limits the obligations were written with (they appear in each .smt2 header).</summary>
public sealed record BundleLimits(int TimeoutMs, long Rlimit, int Seed);

/// <summary>Stage <see cref="Index"/>: the IR after pass <see cref="Pass"/> (stage 0: pass "source", the front
/// end's IR, no certificate). <see cref="Obligations"/> are paths without extension: each has NAME.smt2 and NAME.json.</summary>
public sealed record BundleStage(int Index, string Pass, string Ir, string? Certificate, EqArray<string> Obligations);

/// <summary>One file of the bundle (every file except manifest.json) and its SHA-256 (lower-case hex).</summary>
public sealed record BundleFile(string Path, string Sha256);
