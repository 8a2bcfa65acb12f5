namespace KernelC.Runtime.Cuda;

/// <summary>cublasStatus_t values (cublas_api.h) and the message of a failed cuBLAS call.</summary>
public static class CublasStatus
{
    public const int Success = 0;

    private static readonly Dictionary<int, string> Names = new()
    {
        [0] = "CUBLAS_STATUS_SUCCESS",
        [1] = "CUBLAS_STATUS_NOT_INITIALIZED",
        [3] = "CUBLAS_STATUS_ALLOC_FAILED",
        [7] = "CUBLAS_STATUS_INVALID_VALUE",
        [8] = "CUBLAS_STATUS_ARCH_MISMATCH",
        [11] = "CUBLAS_STATUS_MAPPING_ERROR",
        [13] = "CUBLAS_STATUS_EXECUTION_FAILED",
        [14] = "CUBLAS_STATUS_INTERNAL_ERROR",
        [15] = "CUBLAS_STATUS_NOT_SUPPORTED",
        [16] = "CUBLAS_STATUS_LICENSE_ERROR",
    };

    /// <summary>"CALL failed: NAME (CODE)".</summary>
    public static string Describe(int status, string call) =>
        $"{call} failed: {Names.GetValueOrDefault(status, "cublasStatus_t")} ({status})"
        + (status == 1 ? " (cuBLAS could not initialize: is the GPU visible and the driver new enough for this cuBLAS?)" : "");
}

/// <summary>cudaDataType_t and cublasComputeType_t / cublasOperation_t values (library_types.h, cublas_api.h).</summary>
public static class CublasEnums
{
    public const int OpN = 0;
    public const int OpT = 1;
    public const int R32F = 0;
    public const int R16F = 2;
    public const int R16BF = 14;
    public const int Compute32F = 68;
    public const int GemmDefault = -1;
}
