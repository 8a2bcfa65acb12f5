namespace KernelC.IR.Tests;

/// <summary>Helpers shared by the tests: parse text that must be valid, parse expecting diagnostics.</summary>
internal static class TestIr
{
    public static Module ParseValid(string text, string path = "test.kcir")
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText(path, text), diags);
        Assert.True(m is not null && diags.Count == 0, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }

    public static Kernel ParseKernel(string text) => ParseValid(text).Kernels.Single();

    public static (Module? Module, IReadOnlyList<Diagnostic> Diags) ParseWithErrors(string text)
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText("bad.kcir", text), diags);
        return (m, diags.Items);
    }

    public static Tensor Tensor(DType t, long[] shape, Func<long, double> f)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var data = new double[n];
        for (long i = 0; i < n; i++) data[i] = f(i);
        return new Tensor(t, [.. shape], data);
    }

    /// <summary>Tensor-level attention (scores / sqrt(D), optionally masked j &lt;= i, softmax, times v) as IR text,
    /// with kernel name <paramref name="name"/> and an optional where clause (e.g. "N % 16 == 0").</summary>
    public static string TensorAttention(string name, string where, bool causal) => $$"""
        kernel @{{name}}(%q: f32[N, D], %k: f32[N, D], %v: f32[N, D]) -> (o: f32[N, D])
            dims N, D{{(where.Length > 0 ? "\n    where " + where : "")}} {
          %s: f32[N, N] = compute [%i < N, %j < N] {
            %0: f32 = reduce.sum [%d < D] {
              %1: f32 = load %q[%i, %d]
              %2: f32 = load %k[%j, %d]
              %3: f32 = mul %1, %2
              yield %3
            }
            %4: index = dim D
            %5: f32 = cast.rn %4
            %6: f32 = sqrt %5
            %7: f32 = div %0, %6
            %8: bool = cmp.le %j, %i
            %9: f32 = const -inf
            %10: f32 = select %8, %7, %9
            yield {{(causal ? "%10" : "%7")}}
          }
          %m: f32[N] = compute [%i2 < N] {
            %11: f32 = reduce.max [%j2 < N] {
              %12: f32 = load %s[%i2, %j2]
              yield %12
            }
            yield %11
          }
          %p: f32[N, N] = compute [%i3 < N, %j3 < N] {
            %13: f32 = load %s[%i3, %j3]
            %14: f32 = load %m[%i3]
            %15: f32 = sub %13, %14
            %16: f32 = exp %15
            yield %16
          }
          %l: f32[N] = compute [%i4 < N] {
            %17: f32 = reduce.sum [%j4 < N] {
              %18: f32 = load %p[%i4, %j4]
              yield %18
            }
            yield %17
          }
          %o: f32[N, D] = compute [%i5 < N, %e < D] {
            %19: f32 = reduce.sum [%j5 < N] {
              %20: f32 = load %p[%i5, %j5]
              %21: f32 = load %v[%j5, %e]
              %22: f32 = mul %20, %21
              yield %22
            }
            %23: f32 = load %l[%i5]
            %24: f32 = div %19, %23
            yield %24
          }
          return %o
        }
        """;
}
