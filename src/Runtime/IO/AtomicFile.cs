using System.Text;

namespace KernelC.Runtime;

/// <summary>Writes that never leave a partial file: the bytes go to a temporary file beside the target, are
/// flushed to disk, and the temporary is renamed over the target (a rename within one folder is atomic on
/// POSIX and NTFS). On any failure the temporary is deleted and the target is untouched.</summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path} has no folder", nameof(path));
        var temp = TempName(dir, Path.GetFileName(full));
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    /// <summary>Puts a fully written staging folder in place of targetDir. If targetDir exists it is first
    /// moved aside, then staging is moved in, then the old folder is deleted; if moving staging in fails the old
    /// folder is moved back. Both folders must be on one file system (stage beside the target).</summary>
    public static void ReplaceDirectory(string stagingDir, string targetDir)
    {
        var staging = Path.GetFullPath(stagingDir);
        var target = Path.GetFullPath(targetDir);
        if (!Directory.Exists(staging)) throw new DirectoryNotFoundException($"staging folder {stagingDir} does not exist");
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{targetDir} has no parent", nameof(targetDir));
        var aside = TempName(parent, Path.GetFileName(target)) + ".old";
        Directory.Move(target, aside);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(aside, target);
            throw;
        }
        Directory.Delete(aside, recursive: true);
    }

    private static string TempName(string dir, string name) =>
        Path.Combine(dir, $".{name}.{Guid.NewGuid():N}.tmp");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: the temp file may not exist or may be locked; the target is intact */ }
        catch (UnauthorizedAccessException) { /* as above */ }
    }
}
