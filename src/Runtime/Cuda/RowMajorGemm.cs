namespace KernelC.Runtime.Cuda;

/// <summary>A row-major product C[m,n] = op(A)·op(B) (op(X) = X or Xᵀ, k the inner extent), stated as the cuBLAS
/// (column-major) call that computes it. Identity: a row-major r×c matrix with leading dimension c is, read
/// column-major, its transpose (c×r, ld c). So row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: call
/// gemm(transa = tB, transb = tA, m' = n, n' = m, k, A' = B with ld = B's row length, B' = A with ld = A's row
/// length, C with ld = n).</summary>
public sealed record RowMajorGemm(int M, int N, int K, bool TransposeA, bool TransposeB)
{
    /// <summary>Row length (= leading dimension) of A as stored: A is m×k, or k×m when transposed.</summary>
    public int LdA => TransposeA ? M : K;
    public int LdB => TransposeB ? K : N;
    public int LdC => N;

    /// <summary>The column-major call: (transa, transb, m, n, k, first operand is B?, lda, ldb, ldc).</summary>
    public CublasCall ToColumnMajor() => new(
        TransposeB ? CublasEnums.OpT : CublasEnums.OpN,
        TransposeA ? CublasEnums.OpT : CublasEnums.OpN,
        N, M, K, LdB, LdA, LdC);
}

/// <summary>The arguments of a column-major cublasGemmEx whose first matrix operand is row-major B and second is
/// row-major A (see <see cref="RowMajorGemm"/>).</summary>
public sealed record CublasCall(int TransA, int TransB, int M, int N, int K, int Lda, int Ldb, int Ldc);
