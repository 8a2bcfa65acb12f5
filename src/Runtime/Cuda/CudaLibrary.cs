using System.Runtime.InteropServices;

namespace KernelC.Runtime.Cuda;

/// <summary>Finds the CUDA driver library. Only the versioned soname is tried by default: `libcuda.so` (no ".1")
/// exists only in development installs, and loading the toolkit's stub would answer CUDA_ERROR_STUB_LIBRARY.</summary>
public static class CudaLibrary
{
    public const string DefaultName = "libcuda.so.1";

    /// <summary>What to tell a user who has no driver library (exit 3 names it and how to get it).</summary>
    public const string HowToGetIt =
        "install the NVIDIA driver for your GPU (it provides libcuda.so.1; e.g. `apt-get install nvidia-driver-550` or "
        + "NVIDIA's installer), or run on the CPU PTX interpreter with --device cpu";

    /// <summary>The loaded driver, or null with why not (the library is missing, or lacks an entry point KernelC calls).
    /// <paramref name="libraryName"/> exists for tests of the missing-library path.</summary>
    public static ICudaDriver? TryLoad(out string? problem, string libraryName = DefaultName)
    {
        var handle = NativeLibraries.Register(CudaDriverNative.Lib, [libraryName], out _);
        if (handle == IntPtr.Zero)
        {
            problem = $"{libraryName} could not be loaded (no NVIDIA driver on this machine)";
            return null;
        }
        var missing = CudaDriverNative.RequiredExports.Where(e => !NativeLibrary.TryGetExport(handle, e, out _)).ToList();
        bool v2 = NativeLibrary.TryGetExport(handle, "cuEventElapsedTime_v2", out _);
        if (!v2 && !NativeLibrary.TryGetExport(handle, "cuEventElapsedTime", out _)) missing.Add("cuEventElapsedTime");
        if (missing.Count > 0)
        {
            problem = $"{libraryName} lacks {string.Join(", ", missing)} (a driver older than CUDA 11.8, or not NVIDIA's)";
            return null;
        }
        problem = null;
        return new CudaDriverNative(v2);
    }
}
