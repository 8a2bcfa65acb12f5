using System.Text;
using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>A bundle read by <see cref="BundleReader"/>: its manifest and the bytes of every listed file, each of
/// which matched its hash when read. Nothing here is executed or deserialized into code.</summary>
public sealed class Bundle(string directory, BundleManifest manifest, IReadOnlyDictionary<string, byte[]> files)
{
    public string Directory { get; } = directory;
    public BundleManifest Manifest { get; } = manifest;
    public IReadOnlyDictionary<string, byte[]> Files { get; } = files;

    /// <summary>The display path of a bundle file (the bundle folder as given, then the relative path).</summary>
    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>A listed file as strict UTF-8 text; null with <paramref name="id"/> when it is not listed or not UTF-8.</summary>
    public string? Text(string relative, string id, DiagnosticBag diags)
    {
        if (!Files.TryGetValue(relative, out var bytes))
        {
            diags.Error(id, PathOf(relative), "the file is not listed in the manifest");
            return null;
        }
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { diags.Error(id, PathOf(relative), "the file is not valid UTF-8"); return null; }
    }
}
