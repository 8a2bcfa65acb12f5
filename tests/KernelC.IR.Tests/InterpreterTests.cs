namespace KernelC.IR.Tests;

/// <summary>The reference interpreter against plain C# loops, bit for bit.</summary>
public class InterpreterTests
{
    private static Dictionary<string, long> Dims(params (string, long)[] d) => d.ToDictionary(p => p.Item1, p => p.Item2);

    private static IReadOnlyDictionary<string, Tensor> Run(string text, Dictionary<string, long> dims, Dictionary<string, Tensor> inputs,
        Precision precision = Precision.Exact)
    {
        var r = Interpreter.Run(TestIr.ParseKernel(text), dims, inputs, precision);
        Assert.True(r.Outputs is not null, string.Join("\n", r.Diagnostics.Select(d => d.Format())));
        Assert.Empty(r.Diagnostics);
        return r.Outputs!;
    }

    private static Tensor RandomF32(Random rng, params long[] shape) => TestIr.Tensor(DType.F32, shape, _ => (float)(rng.NextDouble() * 4 - 2));

    private const string Matmul = """
        kernel @mm(%a: f32[M, K], %b: f32[K, N]) -> (c: f32[M, N])
            dims M, K, N {
          %c: f32[M, N] = compute [%i < M, %j < N] {
            %s: f32 = reduce.sum [%k < K] {
              %x: f32 = load %a[%i, %k]
              %y: f32 = load %b[%k, %j]
              %p: f32 = mul %x, %y
              yield %p
            }
            yield %s
          }
          return %c
        }
        """;

    [Fact]
    public void MatmulMatchesFloatLoops()
    {
        var rng = new Random(7);
        const int M = 5, K = 37, N = 6;
        var a = RandomF32(rng, M, K); var b = RandomF32(rng, K, N);
        var c = Run(Matmul, Dims(("M", M), ("K", K), ("N", N)), new() { ["a"] = a, ["b"] = b })["c"];
        Assert.Equal(DType.F32, c.DType);
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                float acc = 0f;
                for (int k = 0; k < K; k++) acc += (float)a[i, k] * (float)b[k, j];
                Assert.Equal(acc, c[i, j]);
            }
    }

    private const string Softmax = """
        kernel @softmax(%x: f32[R, C]) -> (y: f32[R, C])
            dims R, C {
          %m: f32[R] = compute [%i < R] {
            %mx: f32 = reduce.max [%j < C] {
              %v: f32 = load %x[%i, %j]
              yield %v
            }
            yield %mx
          }
          %e: f32[R, C] = compute [%i2 < R, %j2 < C] {
            %v2: f32 = load %x[%i2, %j2]
            %m2: f32 = load %m[%i2]
            %d: f32 = sub %v2, %m2
            %ex: f32 = exp %d
            yield %ex
          }
          %s: f32[R] = compute [%i3 < R] {
            %sum: f32 = reduce.sum [%j3 < C] {
              %v3: f32 = load %e[%i3, %j3]
              yield %v3
            }
            yield %sum
          }
          %y: f32[R, C] = compute [%i4 < R, %j4 < C] {
            %n: f32 = load %e[%i4, %j4]
            %z: f32 = load %s[%i4]
            %q: f32 = div %n, %z
            yield %q
          }
          return %y
        }
        """;

    [Fact]
    public void RowSoftmaxMatchesFloatLoops()
    {
        var rng = new Random(8);
        const int R = 4, C = 19;
        var x = RandomF32(rng, R, C);
        var y = Run(Softmax, Dims(("R", R), ("C", C)), new() { ["x"] = x })["y"];
        for (int i = 0; i < R; i++)
        {
            float m = float.NegativeInfinity;
            for (int j = 0; j < C; j++) m = Math.Max(m, (float)x[i, j]);
            var e = new float[C];
            float s = 0f;
            for (int j = 0; j < C; j++) { e[j] = (float)Math.Exp((float)x[i, j] - m); s += e[j]; }
            for (int j = 0; j < C; j++) Assert.Equal(e[j] / s, y[i, j]);
        }
    }

    [Fact]
    public void MaskedSelect()
    {
        const string text = """
            kernel @mask(%x: f32[N, N]) -> (y: f32[N, N])
                dims N {
              %y: f32[N, N] = compute [%i < N, %j < N] {
                %v: f32 = load %x[%i, %j]
                %one: index = const 1
                %ip: index = add %i, %one
                %b: bool = cmp.lt %j, %ip
                %ninf: f32 = const -inf
                %r: f32 = select %b, %v, %ninf
                yield %r
              }
              return %y
            }
            """;
        var x = RandomF32(new Random(9), 6, 6);
        var y = Run(text, Dims(("N", 6)), new() { ["x"] = x })["y"];
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                Assert.Equal(j <= i ? x[i, j] : double.NegativeInfinity, y[i, j]);
    }

    private const string Fma = """
        kernel @f(%a: T[N], %b: T[N], %c: T[N]) -> (y: T[N])
            dims N {
          %y: T[N] = compute [%i < N] {
            %x: T = load %a[%i]
            %w: T = load %b[%i]
            %z: T = load %c[%i]
            %p: T = mul %x, %w
            %s: T = add %p, %z
            %q: T = div %s, %w
            %r: T = sqrt %x
            %t: T = add %q, %r
            yield %t
          }
          return %y
        }
        """;

    [Fact]
    public void F16RoundsEveryNarrowingLikeSystemHalf()
    {
        var rng = new Random(10);
        const int N = 500;
        Tensor H() => TestIr.Tensor(DType.F16, [N], _ => (double)(Half)(rng.NextDouble() * 30 + 0.01));
        var (a, b, c) = (H(), H(), H());
        var y = Run(Fma.Replace("T", "f16"), Dims(("N", N)), new() { ["a"] = a, ["b"] = b, ["c"] = c })["y"];
        for (int i = 0; i < N; i++)
        {
            // binary64 results of f16 operands are exact (+ - *) or correctly rounded once; Half rounds RNE
            Half p = (Half)(a[i] * b[i]), s = (Half)((double)p + c[i]), q = (Half)((double)s / b[i]), r = (Half)Math.Sqrt(a[i]);
            Assert.Equal((double)(Half)((double)q + (double)r), y[i]);
        }
    }

    [Fact]
    public void Bf16MatchesBitLevelRne()
    {
        var rng = new Random(11);
        const int N = 500;
        const string text = """
            kernel @g(%a: bf16[N], %b: bf16[N], %c: bf16[N]) -> (y: bf16[N])
                dims N {
              %y: bf16[N] = compute [%i < N] {
                %x: bf16 = load %a[%i]
                %w: bf16 = load %b[%i]
                %z: bf16 = load %c[%i]
                %p: bf16 = mul %x, %w
                %s: bf16 = add %p, %z
                yield %s
              }
              return %y
            }
            """;
        Tensor B() => TestIr.Tensor(DType.BF16, [N], _ => FloatFormatTests.BitLevelBf16((float)(rng.NextDouble() * 1.5 + 0.5)));
        var (a, b, c) = (B(), B(), B());
        var y = Run(text, Dims(("N", N)), new() { ["a"] = a, ["b"] = b, ["c"] = c })["y"];
        for (int i = 0; i < N; i++)
        {
            // products of 8-bit significands and their sums with values in [0.5, 2) are exact in float
            double p = FloatFormatTests.BitLevelBf16((float)(a[i] * b[i]));
            Assert.Equal(FloatFormatTests.BitLevelBf16((float)(p + c[i])), y[i]);
        }
    }

    private const string Absorb = """
        kernel @absorb(%x: f16[N]) -> (y: f32[N])
            dims N {
          %t: f16[N] = compute [%i < N] {
            %v: f16 = load %x[%i]
            %one: f16 = const 1
            %s: f16 = add %v, %one
            yield %s
          }
          %y: f32[N] = compute [%j < N] {
            %w: f16 = load %t[%j]
            %v2: f16 = load %x[%j]
            %d: f16 = sub %w, %v2
            %f: f32 = cast.rn %d
            yield %f
          }
          return %y
        }
        """;

    [Fact]
    public void PrecisionF64KeepsIntermediatesUnrounded()
    {
        var x = TestIr.Tensor(DType.F16, [1], _ => 2048);
        // f16: 2048 + 1 rounds to 2048 (ulp 2); in F64 precision the intermediate keeps 2049
        Assert.Equal(0.0, Run(Absorb, Dims(("N", 1)), new() { ["x"] = x })["y"][0]);
        Assert.Equal(1.0, Run(Absorb, Dims(("N", 1)), new() { ["x"] = x }, Precision.F64)["y"][0]);
    }

    [Fact]
    public void OutputsAreStoredRoundedInF64Precision()
    {
        var h = (double)(Half)1.5;
        var a = TestIr.Tensor(DType.F16, [1], _ => h);
        var b = TestIr.Tensor(DType.F16, [1], _ => (double)(Half)1.0009765625);
        var y = Run(Fma.Replace("T", "f16"), Dims(("N", 1)), new() { ["a"] = a, ["b"] = b, ["c"] = a }, Precision.F64)["y"];
        Assert.True(FloatFormat.IsRepresentable(y[0], DType.F16));
    }

    [Fact]
    public void AllOpsGoldenRunsAndWraps()
    {
        var m = TestIr.ParseValid(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "all_ops.kcir")));
        var k = m.Find("all_ops")!;
        var inputs = new Dictionary<string, Tensor>
        {
            ["x"] = TestIr.Tensor(DType.F16, [4, 3], i => (double)(Half)(i * 0.25)),
            ["n"] = TestIr.Tensor(DType.I32, [3], i => i + 1),
            ["b"] = TestIr.Tensor(DType.BF16, [3], i => -i * 2.5),
        };
        var r = Interpreter.Run(k, Dims(("M", 3)), inputs);
        Assert.True(r.Outputs is not null, string.Join("\n", r.Diagnostics));
        // %n3 = n * -2^31 wraps to -2^31 (odd n) or 0 (even n); %n4 = min over j*j2 of M - j*j2 = 3 - 3 = 0
        // z = cast.rz(b) - cast.rn(max(n3, 0)) = trunc(-2.5 k) - 0
        Assert.Equal([0.0, -2.0, -5.0], r.Outputs!["z"].Data);
        Assert.Equal(1.1805916207174113E+21, Interpreter.Run(m.Find("consts")!, Dims(), new Dictionary<string, Tensor>()).Outputs!["out"].Data[0]);
    }
}
