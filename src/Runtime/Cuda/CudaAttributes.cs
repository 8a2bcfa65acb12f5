namespace KernelC.Runtime.Cuda;

/// <summary>Enum values of cuda.h used by KernelC (CUdevice_attribute, CUfunction_attribute, CUjit_option).</summary>
public static class CudaAttributes
{
    // CUdevice_attribute
    public const int DeviceSmCount = 16;
    public const int DeviceComputeMajor = 75;
    public const int DeviceComputeMinor = 76;
    public const int DeviceMaxSharedPerBlockOptin = 97;

    // CUfunction_attribute
    public const int FuncLocalBytes = 3;
    public const int FuncNumRegs = 4;
    public const int FuncMaxDynamicSharedBytes = 8;

    // CUjit_option
    public const int JitInfoLogBuffer = 3;
    public const int JitInfoLogBufferSize = 4;
    public const int JitErrorLogBuffer = 5;
    public const int JitErrorLogBufferSize = 6;
    public const int JitLogVerbose = 12;

    /// <summary>Dynamic shared memory a block may use without opting in (48 KiB).</summary>
    public const int DefaultDynamicSharedLimit = 48 * 1024;
}
