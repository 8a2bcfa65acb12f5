namespace KernelC.Runtime.Cuda;

/// <summary>A cuBLAS handle on the current (primary) context and stream 0, with checked row-major GEMMs
/// (<see cref="RowMajorGemm"/>), always CUBLAS_COMPUTE_32F with float α, β and the default algorithm.</summary>
public sealed class Cublas : IGemmLibrary
{
    public static readonly string[] LibraryNames = ["libcublas.so.13", "libcublas.so.12"];
    private IntPtr _handle;

    private Cublas(IntPtr handle, string library)
    {
        _handle = handle;
        Library = library;
    }

    public string Library { get; }

    /// <summary>Loads libcublas.so.13, else .12, and creates a handle (the CUDA session must be open); null with why not.</summary>
    public static Cublas? TryLoad(out string? problem)
    {
        var h = NativeLibraries.Register(CublasNative.Lib, LibraryNames, out var loaded);
        if (h == IntPtr.Zero)
        {
            problem = $"cuBLAS could not be loaded ({string.Join(", ", LibraryNames)}): install the CUDA toolkit's cuBLAS "
                + "(e.g. `apt-get install libcublas-12-6` or `pip install nvidia-cublas-cu12` and add it to LD_LIBRARY_PATH)";
            return null;
        }
        var missing = CublasNative.RequiredExports.Where(e => !System.Runtime.InteropServices.NativeLibrary.TryGetExport(h, e, out _)).ToList();
        if (missing.Count > 0)
        {
            problem = $"{loaded ?? "libcublas"} lacks {string.Join(", ", missing)}";
            return null;
        }
        int s = CublasNative.cublasCreate_v2(out var handle);
        if (s != CublasStatus.Success)
        {
            problem = CublasStatus.Describe(s, "cublasCreate_v2");
            return null;
        }
        s = CublasNative.cublasSetStream_v2(handle, IntPtr.Zero);
        if (s != CublasStatus.Success)
        {
            CublasNative.cublasDestroy_v2(handle);
            problem = CublasStatus.Describe(s, "cublasSetStream_v2");
            return null;
        }
        problem = null;
        return new Cublas(handle, loaded ?? LibraryNames[0]);
    }

    public void Gemm(RowMajorGemm g, ulong a, ulong b, ulong c, int dataType)
    {
        var call = g.ToColumnMajor();
        float alpha = 1, beta = 0;
        Check(CublasNative.cublasGemmEx(Handle, call.TransA, call.TransB, call.M, call.N, call.K, ref alpha,
            b, dataType, call.Lda, a, dataType, call.Ldb, ref beta, c, dataType, call.Ldc,
            CublasEnums.Compute32F, CublasEnums.GemmDefault), "cublasGemmEx");
    }

    public void GemmStridedBatched(RowMajorGemm g, ulong a, long strideA, ulong b, long strideB, ulong c, long strideC,
        int batch, int dataType, float alpha = 1)
    {
        var call = g.ToColumnMajor();
        float beta = 0;
        Check(CublasNative.cublasGemmStridedBatchedEx(Handle, call.TransA, call.TransB, call.M, call.N, call.K, ref alpha,
            b, dataType, call.Lda, strideB, a, dataType, call.Ldb, strideA, ref beta, c, dataType, call.Ldc, strideC,
            batch, CublasEnums.Compute32F, CublasEnums.GemmDefault), "cublasGemmStridedBatchedEx");
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(Cublas));

    private static void Check(int status, string call)
    {
        if (status != CublasStatus.Success) throw new CudaException(call, status, CublasStatus.Describe(status, call));
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero) CublasNative.cublasDestroy_v2(_handle);
        _handle = IntPtr.Zero;
    }
}
