using FsCheck;
using FsCheck.Fluent;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Tests.Cuda;

/// <summary>The row-major → column-major mapping, checked against a naive column-major GEMM with BLAS semantics
/// (the reference's definition of what cuBLAS computes), on random shapes and transposes.</summary>
public class RowMajorGemmTests
{
    [Fact]
    public void The_column_major_call_computes_the_row_major_product()
    {
        var gen = from m in Gen.Choose(1, 5) from n in Gen.Choose(1, 5) from k in Gen.Choose(1, 5)
                  from ta in ArbMap.Default.GeneratorFor<bool>() from tb in ArbMap.Default.GeneratorFor<bool>()
                  from seed in Gen.Choose(0, 1000)
                  select (m, n, k, ta, tb, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (m, n, k, ta, tb, seed) = t;
            var rnd = new Random(seed);
            double[] a = Enumerable.Range(0, m * k).Select(_ => (double)rnd.Next(-5, 6)).ToArray();
            double[] b = Enumerable.Range(0, k * n).Select(_ => (double)rnd.Next(-5, 6)).ToArray();
            // Row-major storage: A is m×k (k×m when transposed), B is k×n (n×k when transposed).
            double A(int i, int p) => ta ? a[p * m + i] : a[i * k + p];
            double B(int p, int j) => tb ? b[j * k + p] : b[p * n + j];
            var g = new RowMajorGemm(m, n, k, ta, tb);
            var call = g.ToColumnMajor();
            var c = ColumnMajorGemm(call, b, a);   // first operand is row-major B, second row-major A
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double want = 0;
                    for (int p = 0; p < k; p++) want += A(i, p) * B(p, j);
                    if (c[i * g.LdC + j] != want) return false;
                }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>BLAS: C(m×n, col-major, ldc) = op(X)·op(Y), X(i,p) at x[i + p·ld] (or transposed).</summary>
    private static double[] ColumnMajorGemm(CublasCall call, double[] x, double[] y)
    {
        var c = new double[call.Ldc * call.N];
        double X(int i, int p) => call.TransA == CublasEnums.OpT ? x[p + i * call.Lda] : x[i + p * call.Lda];
        double Y(int p, int j) => call.TransB == CublasEnums.OpT ? y[j + p * call.Ldb] : y[p + j * call.Ldb];
        for (int i = 0; i < call.M; i++)
            for (int j = 0; j < call.N; j++)
            {
                double s = 0;
                for (int p = 0; p < call.K; p++) s += X(i, p) * Y(p, j);
                c[i + j * call.Ldc] = s;
            }
        return c;
    }
}
