using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>Reads a bundle folder strictly (KC06xx diagnostics, never exceptions for bad input):
/// manifest ≤ 1 MiB with the exact schema, in the writer's canonical form; every path a plain relative path that stays inside the folder; no
/// symbolic links anywhere; every listed file present, ≤ 64 MiB, with the listed SHA-256; no unlisted file or
/// folder; stages indexed 0..n with stage 0 the source, and every file a stage refers to listed; every other listed
/// file one of a pair ptx/KERNEL.ptx + ptx/KERNEL.program.json that binds it (<see cref="BundlePtx"/>).</summary>
public static class BundleReader
{
    public const long MaxFileBytes = 64L << 20;
    public const long MaxTotalBytes = 1L << 30;
    public const int MaxFiles = 10_000;

    public static Bundle? Read(string directory, DiagnosticBag diags)
    {
        // Invariant: a null result always comes with at least one diagnostic.
        try { return ReadHere(directory, diags); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diags.Error(BundleErrors.CannotRead, directory, $"cannot read the bundle: {e.Message}");
            return null;
        }
    }

    private static Bundle? ReadHere(string directory, DiagnosticBag diags)
    {
        var root = new DirectoryInfo(Path.GetFullPath(directory));
        if (!root.Exists) { diags.Error(BundleErrors.CannotRead, directory, "the bundle folder does not exist"); return null; }
        if (root.LinkTarget is not null) { diags.Error(BundleErrors.Symlink, directory, "the bundle folder is a symbolic link"); return null; }

        var manifestPath = Path.Combine(directory, BundleManifest.ManifestFile);
        var mi = new FileInfo(Path.Combine(root.FullName, BundleManifest.ManifestFile));
        if (!mi.Exists) { diags.Error(BundleErrors.CannotRead, manifestPath, "the bundle has no manifest.json"); return null; }
        if (!IsRegular(mi)) { diags.Error(BundleErrors.Symlink, manifestPath, "manifest.json is a symbolic link or not a regular file"); return null; }
        if (mi.Length > BundleManifestJson.MaxBytes)
        {
            diags.Error(BundleErrors.CannotRead, manifestPath, $"manifest.json is larger than {BundleManifestJson.MaxBytes} bytes");
            return null;
        }
        var manifestBytes = File.ReadAllBytes(mi.FullName);
        var manifest = BundleManifestJson.Read(manifestBytes, manifestPath, diags);
        if (manifest is null) return null;
        // Canonical form only: a manifest is exactly what the writer prints for its content (no reformatting).
        if (!manifestBytes.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(BundleManifestJson.Write(manifest))))
        {
            diags.Error(BundleErrors.BadManifest, manifestPath, "manifest.json is not in canonical form (as kernelc build writes it)");
            return null;
        }

        if (!CheckPaths(manifest, directory, diags)) return null;
        if (!CheckTree(root, manifest, directory, diags)) return null;
        var files = ReadFiles(root, manifest, directory, diags);
        if (files is null) return null;
        if (!CheckStages(manifest, manifestPath, diags)) return null;
        if (!BundlePtx.Check(manifest, files, directory, diags)) return null;
        return new Bundle(directory, manifest, files);
    }

    private static bool CheckPaths(BundleManifest m, string directory, DiagnosticBag diags)
    {
        int before = diags.Count;
        var manifestPath = Path.Combine(directory, BundleManifest.ManifestFile);
        if (m.Files.Count > MaxFiles) diags.Error(BundleErrors.MissingFile, manifestPath, $"more than {MaxFiles} files");
        foreach (var f in m.Files)
        {
            if (BundlePaths.Problem(f.Path) is { } why) diags.Error(BundleErrors.BadPath, manifestPath, $"'{f.Path}': {why}");
            else if (f.Path == BundleManifest.ManifestFile) diags.Error(BundleErrors.BadPath, manifestPath, "manifest.json must not list itself");
        }
        if (diags.Count == before)
            for (int i = 1; i < m.Files.Count; i++)
                if (string.CompareOrdinal(m.Files[i - 1].Path, m.Files[i].Path) >= 0)
                {
                    diags.Error(BundleErrors.BadManifest, manifestPath,
                        $"files must be sorted by path without duplicates ('{m.Files[i].Path}' after '{m.Files[i - 1].Path}')");
                    break;
                }
        var name = m.Source.Name;
        if (name.Length == 0 || name.Length > 255 || name.Contains('/') || name.Contains('\\') || name is "." or ".."
            || name.Any(char.IsControl))
            diags.Error(BundleErrors.BadPath, manifestPath, $"source name '{name}' is not a plain file name");
        if (m.Source.File != BundleManifest.SourceFile)
            diags.Error(BundleErrors.BadPath, manifestPath, $"source file must be '{BundleManifest.SourceFile}'");
        return diags.Count == before;
    }

    /// <summary>Walks the folder without following links: any link is refused, and every file or folder must be
    /// listed (or be a folder on the way to a listed file).</summary>
    private static bool CheckTree(DirectoryInfo root, BundleManifest m, string directory, DiagnosticBag diags)
    {
        var listed = m.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in listed)
            for (int i = p.IndexOf('/'); i >= 0; i = p.IndexOf('/', i + 1)) folders.Add(p[..i]);
        int before = diags.Count, seen = 0;
        var stack = new Stack<(DirectoryInfo Dir, string Rel)>();
        stack.Push((root, ""));
        while (stack.Count > 0)
        {
            var (dir, rel) = stack.Pop();
            foreach (var e in dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (++seen > MaxFiles * 2)
                {
                    diags.Error(BundleErrors.MissingFile, directory, $"more than {MaxFiles} files");
                    return false;
                }
                var r = rel.Length == 0 ? e.Name : rel + "/" + e.Name;
                var shown = Path.Combine(directory, r);
                if (e.LinkTarget is not null || e.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    diags.Error(BundleErrors.Symlink, shown, "symbolic links are not allowed in a bundle");
                else if (e is DirectoryInfo d)
                {
                    if (folders.Contains(r)) stack.Push((d, r));
                    else diags.Error(BundleErrors.StrayFile, shown, "a folder the manifest does not list");
                }
                else if (r == BundleManifest.ManifestFile) { }
                else if (!listed.Contains(r)) diags.Error(BundleErrors.StrayFile, shown, "a file the manifest does not list");
                else if (!IsRegular((FileInfo)e)) diags.Error(BundleErrors.Symlink, shown, "not a regular file");
            }
        }
        return diags.Count == before;
    }

    private static Dictionary<string, byte[]>? ReadFiles(DirectoryInfo root, BundleManifest m, string directory, DiagnosticBag diags)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        int before = diags.Count;
        foreach (var f in m.Files)
        {
            var shown = Path.Combine(directory, f.Path);
            var full = Path.GetFullPath(Path.Combine(root.FullName, f.Path));
            if (!BundlePaths.Inside(root.FullName, full)) { diags.Error(BundleErrors.BadPath, shown, "resolves outside the bundle"); continue; }
            var info = new FileInfo(full);
            if (!info.Exists) { diags.Error(BundleErrors.MissingFile, shown, "a listed file is missing"); continue; }
            if (!IsRegular(info)) { diags.Error(BundleErrors.Symlink, shown, "not a regular file"); continue; }
            if (info.Length > MaxFileBytes) { diags.Error(BundleErrors.MissingFile, shown, $"file larger than {MaxFileBytes >> 20} MiB"); continue; }
            total += info.Length;
            if (total > MaxTotalBytes) { diags.Error(BundleErrors.MissingFile, directory, $"bundle larger than {MaxTotalBytes >> 30} GiB"); return null; }
            var bytes = File.ReadAllBytes(full);
            if (IrHash.Sha256Hex(bytes) != f.Sha256) { diags.Error(BundleErrors.HashMismatch, shown, "SHA-256 differs from the manifest: the file was changed"); continue; }
            files[f.Path] = bytes;
        }
        return diags.Count == before ? files : null;
    }

    private static bool CheckStages(BundleManifest m, string manifestPath, DiagnosticBag diags)
    {
        int before = diags.Count;
        var listed = m.Files.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        void Need(string path, string what)
        {
            if (!listed.ContainsKey(path)) diags.Error(BundleErrors.BadStages, manifestPath, $"{what} '{path}' is not in the file list");
        }
        Need(m.Source.File, "source");
        if (listed.TryGetValue(m.Source.File, out var h) && h != m.Source.Sha256)
            diags.Error(BundleErrors.BadStages, manifestPath, "source sha256 differs from the file list's");
        if (m.Stages.Count == 0) diags.Error(BundleErrors.BadStages, manifestPath, "no stages (stage 0 is the source IR)");
        for (int i = 0; i < m.Stages.Count; i++)
        {
            var s = m.Stages[i];
            if (s.Index != i) diags.Error(BundleErrors.BadStages, manifestPath, $"stage {i} has index {s.Index}: stages are indexed 0..n in order");
            if (i == 0 && (s.Pass != "source" || s.Certificate is not null))
                diags.Error(BundleErrors.BadStages, manifestPath, "stage 0 must be pass \"source\" without a certificate");
            if (i > 0 && s.Certificate is null)
                diags.Error(BundleErrors.BadStages, manifestPath, $"stage {i} has no certificate");
            Need(s.Ir, "IR");
            if (s.Certificate is not null) Need(s.Certificate, "certificate");
            foreach (var o in s.Obligations)
            {
                if (BundlePaths.Problem(o) is { } why) { diags.Error(BundleErrors.BadPath, manifestPath, $"obligation '{o}': {why}"); continue; }
                Need(o + ".smt2", "obligation");
                Need(o + ".json", "obligation");
            }
        }
        return diags.Count == before;
    }

    private static bool IsRegular(FileInfo f) =>
        f.LinkTarget is null && !f.Attributes.HasFlag(FileAttributes.ReparsePoint) && !f.Attributes.HasFlag(FileAttributes.Device);
}
