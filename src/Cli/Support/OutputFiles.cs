using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Support;

public static class OutputFiles
{
    /// <summary>Checks, before any work is done, that the outputs can go to this path: a known extension, and .npy
    /// only for a single output.</summary>
    public static bool CheckPath(string path, int outputCount, DiagnosticBag diags)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".safetensors" or ".npy"))
        {
            diags.Error("KC0017", path, "output files must end in .safetensors (or .npy for a kernel with one output)");
            return false;
        }
        if (ext == ".npy" && outputCount != 1)
        {
            diags.Error("KC0017", path, $"the kernel has {outputCount} outputs; .npy holds one: use .safetensors");
            return false;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir))
        {
            diags.Error("KC0017", path, $"the folder {dir} does not exist");
            return false;
        }
        return true;
    }
}
