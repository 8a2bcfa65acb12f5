using System.Runtime.InteropServices;

namespace KernelC.Runtime.Cuda;

/// <summary>libcublas (cublas_api.h prototypes; every call returns cublasStatus_t). Loaded by <see cref="Cublas.TryLoad"/>.</summary>
internal static class CublasNative
{
    internal const string Lib = "kernelc_cublas";

    internal static readonly string[] RequiredExports =
        ["cublasCreate_v2", "cublasDestroy_v2", "cublasSetStream_v2", "cublasGemmEx", "cublasGemmStridedBatchedEx"];

    [DllImport(Lib)] internal static extern int cublasCreate_v2(out IntPtr handle);
    [DllImport(Lib)] internal static extern int cublasDestroy_v2(IntPtr handle);
    [DllImport(Lib)] internal static extern int cublasSetStream_v2(IntPtr handle, IntPtr stream);

    // cublasGemmEx(handle, transa, transb, m, n, k, const void* alpha, const void* A, cudaDataType Atype, int lda,
    //   const void* B, cudaDataType Btype, int ldb, const void* beta, void* C, cudaDataType Ctype, int ldc,
    //   cublasComputeType_t computeType, cublasGemmAlgo_t algo)
    [DllImport(Lib)] internal static extern int cublasGemmEx(IntPtr handle, int transa, int transb, int m, int n, int k,
        ref float alpha, ulong a, int aType, int lda, ulong b, int bType, int ldb, ref float beta, ulong c, int cType, int ldc,
        int computeType, int algo);

    // cublasGemmStridedBatchedEx: as cublasGemmEx with `long long stride` after each leading dimension and
    // `int batchCount` before computeType.
    [DllImport(Lib)] internal static extern int cublasGemmStridedBatchedEx(IntPtr handle, int transa, int transb, int m, int n, int k,
        ref float alpha, ulong a, int aType, int lda, long strideA, ulong b, int bType, int ldb, long strideB,
        ref float beta, ulong c, int cType, int ldc, long strideC, int batchCount, int computeType, int algo);
}
