using KernelC.IR;

namespace KernelC.Cli.Support;

/// <summary>Reads user files into SourceTexts; a missing or unreadable file is a diagnostic, not an exception.</summary>
public static class SourceFiles
{
    /// <summary>Largest source file accepted (16 MiB).</summary>
    public const long MaxSourceBytes = 16L << 20;

    public static SourceText? Read(string path, DiagnosticBag diags)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path)) { diags.Error("KC0002", path, "is a directory, expected a .kc file"); return null; }
            if (!info.Exists) { diags.Error("KC0001", path, "file not found"); return null; }
            if (info.Length > MaxSourceBytes) { diags.Error("KC0003", path, $"file is larger than {MaxSourceBytes >> 20} MiB"); return null; }
            var bytes = File.ReadAllBytes(path);
            string text;
            try { text = new System.Text.UTF8Encoding(false, true).GetString(bytes); }
            catch (System.Text.DecoderFallbackException e)
            {
                diags.Error("KC0003", path, "file is not valid UTF-8 text", e.Index);
                return null;
            }
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            return new SourceText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diags.Error("KC0002", path, $"cannot read file: {e.Message}");
            return null;
        }
    }
}
