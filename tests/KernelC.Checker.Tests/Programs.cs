namespace KernelC.Checker.Tests;

/// <summary>Small before/after IR pairs, written by hand (the checker may not depend on the front end or the passes).</summary>
internal static class Programs
{
    // softmax as four computes, and fused into one by inlining m, e and s.
    public const string SoftmaxSplit = """
        kernel @softmax(%x: f32[N, D]) -> (y: f32[N, D])
            dims N, D {
          %m: f32[N] = compute [%i < N] {
            %0: f32 = reduce.max [%j < D] {
              %1: f32 = load %x[%i, %j]
              yield %1
            }
            yield %0
          }
          %e: f32[N, D] = compute [%i2 < N, %j2 < D] {
            %2: f32 = load %x[%i2, %j2]
            %3: f32 = load %m[%i2]
            %4: f32 = sub %2, %3
            %5: f32 = exp %4
            yield %5
          }
          %s: f32[N] = compute [%i3 < N] {
            %6: f32 = reduce.sum [%j3 < D] {
              %7: f32 = load %e[%i3, %j3]
              yield %7
            }
            yield %6
          }
          %y: f32[N, D] = compute [%i4 < N, %j4 < D] {
            %8: f32 = load %e[%i4, %j4]
            %9: f32 = load %s[%i4]
            %10: f32 = div %8, %9
            yield %10
          }
          return %y
        }
        """;

    public const string SoftmaxFused = """
        kernel @softmax(%x: f32[N, D]) -> (y: f32[N, D])
            dims N, D {
          %y: f32[N, D] = compute [%i < N, %j < D] {
            %0: f32 = load %x[%i, %j]
            %1: f32 = reduce.max [%a < D] {
              %2: f32 = load %x[%i, %a]
              yield %2
            }
            %3: f32 = sub %0, %1
            %4: f32 = exp %3
            %5: f32 = reduce.sum [%b < D] {
              %6: f32 = load %x[%i, %b]
              %7: f32 = reduce.max [%c < D] {
                %8: f32 = load %x[%i, %c]
                yield %8
              }
              %9: f32 = sub %6, %7
              %10: f32 = exp %9
              yield %10
            }
            %11: f32 = div %4, %5
            yield %11
          }
          return %y
        }
        """;

    /// <summary>A one-output elementwise kernel y[i] = BODY over x (and a, b, c when used).</summary>
    public static string Elementwise(string body, string pars = "%x: f32[N]", string outType = "f32", string where = "") => $$"""
        kernel @k({{pars}}) -> (y: {{outType}}[N])
            dims N{{where}} {
          %y: {{outType}}[N] = compute [%i < N] {
        {{body}}
          }
          return %y
        }
        """;

    /// <summary>c = a·b at the tensor level (the conversion and lowering tests' common input).</summary>
    public const string Matmul = """
        kernel @matmul(%a: f32[M, K], %b: f32[K, N]) -> (c: f32[M, N])
            dims M, K, N {
          %c: f32[M, N] = compute [%m < M, %n < N] {
            %0: f32 = reduce.sum [%k < K] {
              %1: f32 = load %a[%m, %k]
              %2: f32 = load %b[%k, %n]
              %3: f32 = mul %1, %2
              yield %3
            }
            yield %0
          }
          return %c
        }
        """;

    public static readonly string Times2 = Elementwise("""
            %0: f32 = load %x[%i]
            %1: f32 = const 2
            %2: f32 = mul %0, %1
            yield %2
        """);

    public static readonly string PlusSelf = Elementwise("""
            %0: f32 = load %x[%i]
            %2: f32 = add %0, %0
            yield %2
        """);

    public static readonly string ShiftedTimes2 = Elementwise("""
            %c1: index = const 1
            %i1: index = add %i, %c1
            %0: f32 = load %x[%i1]
            %1: f32 = const 2
            %2: f32 = mul %0, %1
            yield %2
        """);

    public static readonly string Relu = Elementwise("""
            %0: f32 = load %x[%i]
            %1: f32 = const 0
            %2: f32 = max %0, %1
            yield %2
        """);

    // where(x > 3, tanh(x), relu(x)): the activation swapped only above a threshold
    public static readonly string ReluOrTanhAbove3 = Elementwise("""
            %0: f32 = load %x[%i]
            %1: f32 = const 0
            %2: f32 = max %0, %1
            %3: f32 = const 3
            %4: bool = cmp.gt %0, %3
            %5: f32 = tanh %0
            %6: f32 = select %4, %5, %2
            yield %6
        """);

    public static string CastTo16(string mode) => Elementwise($"""
            %0: f32 = load %x[%i]
            %1: f16 = cast.{mode} %0
            yield %1
        """, outType: "f16");

    private const string Abc = "%a: f32[N], %b: f32[N], %c: f32[N]";

    public static readonly string SumLeft = Elementwise("""
            %0: f32 = load %a[%i]
            %1: f32 = load %b[%i]
            %2: f32 = load %c[%i]
            %3: f32 = add %0, %1
            %4: f32 = add %3, %2
            yield %4
        """, Abc);

    public static readonly string SumRight = Elementwise("""
            %0: f32 = load %a[%i]
            %1: f32 = load %b[%i]
            %2: f32 = load %c[%i]
            %3: f32 = add %1, %2
            %4: f32 = add %0, %3
            yield %4
        """, Abc);

    public static string RowReduce(string kinds, string combine = "") => $$"""
        kernel @r(%x: f32[N, D]) -> (y: f32[N])
            dims N, D {
          %y: f32[N] = compute [%i < N] {
        {{kinds}}
        {{combine}}
          }
          return %y
        }
        """;

    public static readonly string TwoSums = RowReduce("""
            %0: f32 = reduce.sum [%j < D] {
              %1: f32 = load %x[%i, %j]
              yield %1
            }
            %2: f32 = reduce.sum [%k < D] {
              %3: f32 = load %x[%i, %k]
              yield %3
            }
        """, """
            %4: f32 = add %0, %2
            yield %4
        """);

    public static readonly string OneSumTwice = RowReduce("""
            %0: f32 = reduce.sum [%j < D] {
              %1: f32 = load %x[%i, %j]
              yield %1
            }
        """, """
            %4: f32 = add %0, %0
            yield %4
        """);

    public static string OneReduce(string kind) => RowReduce($$"""
            %0: f32 = reduce.{{kind}} [%j < D] {
              %1: f32 = load %x[%i, %j]
              yield %1
            }
        """, """
            yield %0
        """);

    // the same reduction read in reverse order (kind as given): for max, bit-identical for every input
    // (a total order, -0 < +0, NaN absorbing); for sum, equal in reals and different in f32 when partial sums round
    public static string Reversed(string kind) => RowReduce($$"""
            %0: f32 = reduce.{{kind}} [%j < D] {
              %d: index = dim D
              %c1: index = const 1
              %t: index = sub %d, %c1
              %r: index = sub %t, %j
              %1: f32 = load %x[%i, %r]
              yield %1
            }
        """, """
            yield %0
        """);

    public static readonly string ReversedSum = Reversed("sum");

    public static string Scores(string extra) => $$"""
        kernel @scores(%q: f32[N, D], %k: f32[N, D]) -> (s: f32[N, N])
            dims N, D
            where D in {4, 8} {
          %s: f32[N, N] = compute [%i < N, %j < N] {
            %0: f32 = reduce.sum [%d < D] {
              %1: f32 = load %q[%i, %d]
              %2: f32 = load %k[%j, %d]
              %3: f32 = mul %1, %2
              yield %3
            }
            %4: f32 = const 0.125
            %5: f32 = mul %0, %4
        {{extra}}
          }
          return %s
        }
        """;

    public static readonly string ScoresHonest = Scores("    yield %5");

    // + 1e-3 (as the nearest f32) on every score
    public static readonly string ScoresBiased = Scores("""
            %6: f32 = const 0.0010000000474974513
            %7: f32 = add %5, %6
            yield %7
        """);
}
