using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>Writes a bundle into an EMPTY folder (a staging folder: the caller moves it in place atomically).
/// The manifest's file list is computed here from the bytes: sorted by path (ordinal), each with its SHA-256, so
/// the same contents always give the same manifest.json byte for byte.</summary>
public static class BundleWriter
{
    /// <summary>Writes <paramref name="files"/> and manifest.json; returns the manifest written. The
    /// <paramref name="skeleton"/>'s Files are ignored and its source hash is recomputed from source.kc.</summary>
    public static BundleManifest Write(string directory, BundleManifest skeleton, IReadOnlyDictionary<string, byte[]> files)
    {
        foreach (var p in files.Keys)
            if (BundlePaths.Problem(p) is { } why) throw new ArgumentException($"bundle path '{p}': {why} (compiler bug)", nameof(files));
        var list = files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new BundleFile(f.Key, IrHash.Sha256Hex(f.Value))).ToEqArray();
        var sourceHash = files.TryGetValue(BundleManifest.SourceFile, out var src) ? IrHash.Sha256Hex(src)
            : throw new ArgumentException("a bundle needs source.kc (compiler bug)", nameof(files));
        var manifest = skeleton with { Files = list, Source = skeleton.Source with { Sha256 = sourceHash } };
        Directory.CreateDirectory(directory);
        foreach (var (path, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
        File.WriteAllText(Path.Combine(directory, BundleManifest.ManifestFile), BundleManifestJson.Write(manifest),
            new System.Text.UTF8Encoding(false));
        return manifest;
    }
}
