namespace KernelC.Runtime.Cuda;

/// <summary>The GEMMs the cuBLAS baselines call (<see cref="Cublas"/> on a GPU; a scripted stand-in in tests): row-major
/// products with f32 compute on the current context and stream 0. Errors are <see cref="CudaException"/>s.</summary>
public interface IGemmLibrary : IDisposable
{
    /// <summary>The library the calls go to (e.g. libcublas.so.12), for the benchmark table's heading.</summary>
    string Library { get; }

    /// <summary>Row-major C = op(A)·op(B) with elements of <paramref name="dataType"/> (R32F, R16F, R16BF).</summary>
    void Gemm(RowMajorGemm g, ulong a, ulong b, ulong c, int dataType);

    /// <summary><paramref name="batch"/> row-major products C_i = α·op(A_i)·op(B_i), X_i at X + i·strideX elements.</summary>
    void GemmStridedBatched(RowMajorGemm g, ulong a, long strideA, ulong b, long strideB, ulong c, long strideC,
        int batch, int dataType, float alpha = 1);
}
