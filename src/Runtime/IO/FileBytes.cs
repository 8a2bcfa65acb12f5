using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>Reads a whole tensor file, checking its size first. The limit is 4 GiB as documented, further capped
/// by the largest .NET byte array (about 2 GiB), since readers parse one in-memory buffer.</summary>
internal static class FileBytes
{
    public const long MaxFileBytes = 4L << 30;

    public static byte[]? Read(string path, DiagnosticBag diags)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                diags.Error(TensorFileErrors.CannotRead, path, Directory.Exists(path) ? "is a folder, not a tensor file" : "file not found");
                return null;
            }
            long limit = Math.Min(MaxFileBytes, Array.MaxLength);
            if (info.Length > limit)
            {
                diags.Error(TensorFileErrors.FileTooLarge, path,
                    $"file is {info.Length} bytes; tensor files above {limit} bytes are refused (limit 4 GiB, and one in-memory buffer)");
                return null;
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            diags.Error(TensorFileErrors.CannotRead, path, $"cannot read file: {e.Message}");
            return null;
        }
    }
}
