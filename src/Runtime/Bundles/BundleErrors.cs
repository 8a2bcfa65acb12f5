namespace KernelC.Runtime.Bundles;

/// <summary>Diagnostic ids of bundles (docs/diagnostics.md, KC06xx). KC0601 (certificate JSON) lives in KernelC.IR.</summary>
public static class BundleErrors
{
    /// <summary>The bundle folder or its manifest.json is missing, unreadable, or manifest.json is over 1 MiB.</summary>
    public const string CannotRead = "KC0602";
    /// <summary>manifest.json is not UTF-8 JSON, or breaks the schema: unknown, missing, duplicate or mistyped field,
    /// wrong format tag, malformed hash, file list not sorted or with duplicates.</summary>
    public const string BadManifest = "KC0603";
    /// <summary>A path in the manifest is not a plain relative '/'-path inside the bundle ('..', absolute, backslash,
    /// empty segment, control character), or the source name is not a plain file name.</summary>
    public const string BadPath = "KC0604";
    /// <summary>A symbolic link (or other non-regular entry) inside the bundle.</summary>
    public const string Symlink = "KC0605";
    /// <summary>A listed file is missing, is over 64 MiB, or the bundle has more than 10,000 files or 1 GiB.</summary>
    public const string MissingFile = "KC0606";
    /// <summary>A file's SHA-256 differs from the manifest (the file was changed).</summary>
    public const string HashMismatch = "KC0607";
    /// <summary>A file or folder in the bundle that the manifest does not list (a tampering sign).</summary>
    public const string StrayFile = "KC0608";
    /// <summary>Stages not indexed 0..n, stage 0 not the source, or a stage referring to a file that is not listed.</summary>
    public const string BadStages = "KC0609";
}
