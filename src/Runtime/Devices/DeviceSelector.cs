using KernelC.IR;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Devices;

/// <summary>Chooses the device for `--device cpu|cuda|auto`. cpu: the PTX interpreter. cuda: the GPU, or
/// <see cref="MissingDependencyException"/> (exit 3) naming libcuda.so.1 and how to get it, or the CUDA call that
/// failed. auto: the GPU when libcuda.so.1 loads and cuInit and a device succeed, else the CPU with exactly one
/// notice line saying why.</summary>
public sealed class DeviceSelector(Func<(ICudaDriver? Driver, string? Problem)> loadDriver)
{
    public static readonly string[] Names = ["cpu", "cuda", "auto"];

    /// <summary>The selector for this machine: libcuda.so.1 through <see cref="CudaLibrary"/>.</summary>
    public static DeviceSelector Default { get; } = new(() => (CudaLibrary.TryLoad(out var p), p));

    /// <param name="notice">Receives the one-line notice of an auto fallback (nothing otherwise).</param>
    public IKernelDevice Select(string choice, TextWriter notice)
    {
        switch (choice)
        {
            case "cpu":
                return new CpuPtxDevice();
            case "cuda":
            {
                var (driver, problem) = loadDriver();
                if (driver is null) throw new MissingDependencyException("the CUDA driver (libcuda.so.1)", $"{problem}; {CudaLibrary.HowToGetIt}");
                try { return new CudaDevice(CudaSession.Open(driver)); }
                catch (CudaException e) { throw new MissingDependencyException("a usable CUDA GPU", e.Message); }
            }
            case "auto":
            {
                var (driver, problem) = loadDriver();
                string why;
                if (driver is null) why = problem ?? "libcuda.so.1 could not be loaded";
                else
                {
                    try { return new CudaDevice(CudaSession.Open(driver)); }
                    catch (CudaException e) { why = e.Message; }
                }
                notice.WriteLine($"kernelc: no usable GPU ({FirstLine(why)}); running on the CPU PTX interpreter");
                return new CpuPtxDevice();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(choice), choice, "not one of cpu, cuda, auto");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0];
}
