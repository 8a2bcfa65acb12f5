using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>Tensor files by extension (case-insensitive): .safetensors holds any number of named tensors; .npy
/// holds one, named after the file stem.</summary>
public static class TensorFiles
{
    public static IReadOnlyList<NamedTensor>? Load(string path, DiagnosticBag diags)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".safetensors":
                return SafeTensors.Read(path, diags);
            case ".npy":
                return NpyFile.Read(path, diags) is { } t ? new[] { new NamedTensor(Path.GetFileNameWithoutExtension(path), t) } : null;
            default:
                diags.Error(TensorFileErrors.UnknownFileType, path, "unknown tensor file type (expected .safetensors or .npy)");
                return null;
        }
    }

    /// <summary>Writes atomically. An unknown extension, a .npy with other than one tensor, or bf16 in .npy is a
    /// caller bug here (ArgumentException); use <see cref="TrySave"/> for user-chosen paths.</summary>
    public static void Save(string path, IReadOnlyList<NamedTensor> tensors)
    {
        var diags = new DiagnosticBag();
        if (!Check(path, tensors, diags)) throw new ArgumentException(diags.Items[0].Message, nameof(path));
        Write(path, tensors);
    }

    /// <summary>As <see cref="Save"/>, with every problem (including I/O failures) a diagnostic. True iff written.</summary>
    public static bool TrySave(string path, IReadOnlyList<NamedTensor> tensors, DiagnosticBag diags)
    {
        if (!Check(path, tensors, diags)) return false;
        try
        {
            Write(path, tensors);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            diags.Error(TensorFileErrors.CannotWrite, path, $"cannot write file: {e.Message}");
            return false;
        }
    }

    private static bool Check(string path, IReadOnlyList<NamedTensor> tensors, DiagnosticBag diags)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".safetensors":
                return true;
            case ".npy":
                if (tensors.Count != 1)
                {
                    diags.Error(TensorFileErrors.NpyNeedsOneTensor, path, $"a .npy file holds exactly one tensor, not {tensors.Count}");
                    return false;
                }
                if (!NpyFile.CanStore(tensors[0].Tensor.DType))
                {
                    diags.Error(TensorFileErrors.NpyUnsupported, path, $".npy has no dtype for {tensors[0].Tensor.DType.Name()}; use .safetensors");
                    return false;
                }
                return true;
            default:
                diags.Error(TensorFileErrors.UnknownFileType, path, "unknown tensor file type (expected .safetensors or .npy)");
                return false;
        }
    }

    private static void Write(string path, IReadOnlyList<NamedTensor> tensors)
    {
        if (Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase)) NpyFile.Write(path, tensors[0].Tensor);
        else SafeTensors.Write(path, tensors);
    }
}
