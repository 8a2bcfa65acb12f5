namespace KernelC.Runtime.Cuda;

/// <summary>CUresult values KernelC names itself (cuda.h, enum cudaError_enum), and the text of a failed call.
/// The driver's own cuGetErrorName/String win when a driver is loaded; this table serves when it is not (and for
/// codes an old driver does not know). Hints say what to do about the errors users meet most.</summary>
public static class CudaResult
{
    public const int Success = 0;
    public const int InvalidValue = 1;
    public const int OutOfMemory = 2;
    public const int NotInitialized = 3;
    public const int StubLibrary = 34;
    public const int NoDevice = 100;
    public const int InvalidDevice = 101;
    public const int InvalidImage = 200;
    public const int InvalidContext = 201;
    public const int NoBinaryForGpu = 209;
    public const int InvalidPtx = 218;
    public const int JitCompilerNotFound = 221;
    public const int UnsupportedPtxVersion = 222;
    public const int InvalidHandle = 400;
    public const int NotFound = 500;
    public const int NotReady = 600;
    public const int IllegalAddress = 700;
    public const int LaunchOutOfResources = 701;
    public const int LaunchTimeout = 702;
    public const int MisalignedAddress = 716;
    public const int LaunchFailed = 719;
    public const int SystemDriverMismatch = 803;
    public const int Unknown = 999;

    private static readonly Dictionary<int, (string Name, string Text)> Known = new()
    {
        [Success] = ("CUDA_SUCCESS", "no error"),
        [InvalidValue] = ("CUDA_ERROR_INVALID_VALUE", "invalid argument"),
        [OutOfMemory] = ("CUDA_ERROR_OUT_OF_MEMORY", "out of memory"),
        [NotInitialized] = ("CUDA_ERROR_NOT_INITIALIZED", "initialization error"),
        [StubLibrary] = ("CUDA_ERROR_STUB_LIBRARY", "CUDA driver is a stub library"),
        [NoDevice] = ("CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"),
        [InvalidDevice] = ("CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"),
        [InvalidImage] = ("CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"),
        [InvalidContext] = ("CUDA_ERROR_INVALID_CONTEXT", "invalid device context"),
        [NoBinaryForGpu] = ("CUDA_ERROR_NO_BINARY_FOR_GPU", "no kernel image is available for execution on the device"),
        [InvalidPtx] = ("CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"),
        [JitCompilerNotFound] = ("CUDA_ERROR_JIT_COMPILER_NOT_FOUND", "PTX JIT compiler library not found"),
        [UnsupportedPtxVersion] = ("CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "the provided PTX was compiled with an unsupported toolchain"),
        [InvalidHandle] = ("CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"),
        [NotFound] = ("CUDA_ERROR_NOT_FOUND", "named symbol not found"),
        [NotReady] = ("CUDA_ERROR_NOT_READY", "device not ready"),
        [IllegalAddress] = ("CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"),
        [LaunchOutOfResources] = ("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"),
        [LaunchTimeout] = ("CUDA_ERROR_LAUNCH_TIMEOUT", "the launch timed out and was terminated"),
        [MisalignedAddress] = ("CUDA_ERROR_MISALIGNED_ADDRESS", "misaligned address"),
        [LaunchFailed] = ("CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"),
        [SystemDriverMismatch] = ("CUDA_ERROR_SYSTEM_DRIVER_MISMATCH", "system has unsupported display driver / cuda driver combination"),
        [Unknown] = ("CUDA_ERROR_UNKNOWN", "unknown error"),
    };

    /// <summary>"CALL failed: NAME (CODE): TEXT" and, for well-known codes, what to do. The driver's name and text are
    /// used when <paramref name="driver"/> knows the code, else this table's, else "CUresult CODE".</summary>
    public static string Describe(int code, string call, ICudaDriver? driver)
    {
        Known.TryGetValue(code, out var known);
        var name = driver?.ErrorName(code) ?? known.Name ?? $"CUresult {code}";
        var text = driver?.ErrorString(code) ?? known.Text ?? "unrecognized error code";
        var message = $"{call} failed: {name} ({code}): {text}";
        return Hint(code) is { } hint ? $"{message} ({hint})" : message;
    }

    /// <summary>What to do about an error, for the codes with one clear remedy.</summary>
    public static string? Hint(int code) => code switch
    {
        NoDevice => "no NVIDIA GPU is visible to this process: check nvidia-smi and CUDA_VISIBLE_DEVICES",
        StubLibrary => "libcuda.so.1 is the toolkit's stub: install the NVIDIA driver",
        InvalidPtx => "the JIT error log below names the PTX line",
        JitCompilerNotFound => "install the driver's PTX JIT compiler, libnvidia-ptxjitcompiler.so.1 (package libnvidia-compute-*)",
        UnsupportedPtxVersion => "the PTX .version is newer than this driver: update the NVIDIA driver",
        IllegalAddress => "a kernel accessed memory outside its buffers; run with --device cpu to find the thread and line",
        MisalignedAddress => "a kernel made a misaligned access; run with --device cpu to find the thread and line",
        LaunchOutOfResources => "too many registers or too much shared memory per block for this GPU",
        SystemDriverMismatch => "the kernel module and libcuda.so.1 versions differ: reboot or reinstall the driver",
        _ => null,
    };
}
