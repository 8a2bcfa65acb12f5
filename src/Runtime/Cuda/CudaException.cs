namespace KernelC.Runtime.Cuda;

/// <summary>A CUDA or cuBLAS call failed. Internal control flow of the CUDA layer only: <see cref="Devices.CudaDevice"/>
/// and the benchmarks turn it into a message for the user (never a stack trace). <see cref="Code"/> is the CUresult
/// (or cublasStatus_t); <see cref="Call"/> the entry point.</summary>
public sealed class CudaException(string call, int code, string message) : Exception(message)
{
    public string Call { get; } = call;
    public int Code { get; } = code;
}
