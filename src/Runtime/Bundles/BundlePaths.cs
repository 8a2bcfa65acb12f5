namespace KernelC.Runtime.Bundles;

/// <summary>The only paths a bundle may name: relative, '/'-separated, each segment non-empty, not "." or "..",
/// made of printable characters without '\\' or ':' — so a path can never leave the bundle folder or name a device.</summary>
public static class BundlePaths
{
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="path"/> is acceptable, else why not.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0) return "empty path";
        if (path.Length > MaxLength) return $"path longer than {MaxLength} characters";
        if (path[0] == '/') return "absolute path";
        if (path.Contains('\\')) return "backslash in path (use '/')";
        if (path.Contains(':')) return "':' in path";
        foreach (var c in path)
            if (char.IsControl(c)) return "control character in path";
        foreach (var seg in path.Split('/'))
        {
            if (seg.Length == 0) return "empty path segment";
            if (seg is "." or "..") return $"'{seg}' segment in path";
        }
        return null;
    }

    /// <summary>True when <paramref name="full"/> (an absolute, normalized path) lies strictly inside <paramref name="root"/>.</summary>
    public static bool Inside(string root, string full)
    {
        var r = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        return full.StartsWith(r, StringComparison.Ordinal) && full.Length > r.Length;
    }
}
