
namespace KernelC.IR.Tests;

/// <summary>The loop level run by the reference interpreter: tiled matmul against the tensor-level matmul, the
/// FlashAttention-style kernels (Golden/loop_flash*.kcir) against tensor-level attention, and the meaning of
/// stepped reductions, for loops and partial tiles on small hand-checked kernels.</summary>
public class LoopLevelTests
{
    private static Kernel Golden(string file) =>
        TestIr.ParseKernel(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file)));

    private static Dictionary<string, long> Dims(params (string, long)[] d) => d.ToDictionary(p => p.Item1, p => p.Item2);

    private static IReadOnlyDictionary<string, Tensor> Run(Kernel k, Dictionary<string, long> dims, Dictionary<string, Tensor> inputs)
    {
        var r = Interpreter.Run(k, dims, inputs);
        Assert.True(r.Outputs is not null, string.Join("\n", r.Diagnostics.Select(d => d.Format())));
        return r.Outputs!;
    }

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

    private static string Attention(bool causal) => TestIr.TensorAttention("attn", "", causal);

    private static Tensor Random(Random rng, params long[] shape) => TestIr.Tensor(DType.F32, shape, _ => (float)(rng.NextDouble() * 4 - 2));

    /// <summary>Multiples of 1/8 in [-2, 2]: every product and every partial sum of up to 2^10 of them is exact in f32,
    /// so any grouping of the sum gives the same bits.</summary>
    private static Tensor Eighths(Random rng, params long[] shape) => TestIr.Tensor(DType.F32, shape, _ => rng.Next(-16, 17) / 8.0);

    private static (Tensor Plain, Tensor Tiled) Matmuls(long m, long k, long n, Func<Random, long[], Tensor> fill)
    {
        var rng = new Random((int)(m * 1000 + k * 10 + n));
        var inputs = new Dictionary<string, Tensor> { ["a"] = fill(rng, [m, k]), ["b"] = fill(rng, [k, n]) };
        var dims = Dims(("M", m), ("K", k), ("N", n));
        return (Run(TestIr.ParseKernel(Matmul), dims, inputs)["c"], Run(Golden("loop_matmul.kcir"), dims, inputs)["c"]);
    }

    [Theory]
    [InlineData(64, 32, 64)]   // whole tiles, two k-blocks
    [InlineData(40, 48, 70)]   // partial output tiles, K a multiple of the k-block
    public void TiledMatmulIsBitExactWhenKIsAMultipleOfTheBlock(long m, long k, long n)
    {
        var (plain, tiled) = Matmuls(m, k, n, Eighths);
        Assert.Equal(plain.Shape.ToArray(), tiled.Shape.ToArray());
        Assert.Equal(plain.Data.Select(BitConverter.DoubleToInt64Bits), tiled.Data.Select(BitConverter.DoubleToInt64Bits));
        // one k-block: 0 + (block sum) is the plain sum's bits for arbitrary floats too
        var (p1, t1) = Matmuls(33, 16, 35, Random);
        Assert.Equal(p1.Data.Select(BitConverter.DoubleToInt64Bits), t1.Data.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(37, 45, 33)]   // partial tiles everywhere and a partial k-block (guarded by select)
    [InlineData(5, 7, 3)]      // smaller than one tile and one k-block
    public void TiledMatmulAgreesWithinRoundingOtherwise(long m, long k, long n)
    {
        var (plain, tiled) = Matmuls(m, k, n, Random);
        for (int e = 0; e < plain.Data.Length; e++)
            Assert.True(Math.Abs(plain.Data[e] - tiled.Data[e]) <= 1e-5 * k * 4, $"element {e}: {plain.Data[e]} vs {tiled.Data[e]}");
        // with exact products and sums the guarded partial block adds exact zeros: bit-exact again
        var (pe, te) = Matmuls(m, k, n, Eighths);
        Assert.Equal(pe.Data.Select(BitConverter.DoubleToInt64Bits), te.Data.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(48, false)]
    [InlineData(16, true)]
    [InlineData(48, true)]
    public void FlashAgreesWithTensorLevelAttention(long n, bool causal)
    {
        const long D = 8;
        var rng = new Random((int)n + (causal ? 1 : 0));
        var inputs = new Dictionary<string, Tensor> { ["q"] = Random(rng, n, D), ["k"] = Random(rng, n, D), ["v"] = Random(rng, n, D) };
        var dims = Dims(("N", n), ("D", D));
        var reference = Run(TestIr.ParseKernel(Attention(causal)), dims, inputs)["o"];
        var flash = Run(Golden(causal ? "loop_flash_causal.kcir" : "loop_flash.kcir"), dims, inputs)["o"];
        Assert.Equal(reference.Shape.ToArray(), flash.Shape.ToArray());
        double worst = 0;
        for (int e = 0; e < reference.Data.Length; e++) worst = Math.Max(worst, Math.Abs(reference.Data[e] - flash.Data[e]));
        Assert.True(worst <= 1e-5, $"max |attn - flash| = {worst}");
        // the other variant differs: the comparison can fail
        if (n > 16)
        {
            var other = Run(Golden(causal ? "loop_flash.kcir" : "loop_flash_causal.kcir"), dims, inputs)["o"];
            Assert.True(reference.Data.Zip(other.Data).Max(x => Math.Abs(x.First - x.Second)) > 1e-3);
        }
    }

    private const string Loops = """
        kernel @loops(%x: f32[N]) -> (y: f32[N])
            dims N {
          %y: f32[N] = parallel [%ib < N step 4] {
            %bound: index = dim N
            %zero: f32 = const 0
            %one: f32 = const 1
            %t: f32[4] = compute [%r < 4] {
              %i: index = add %ib, %r
              %stepped: f32 = reduce.sum [%k < 10 step 3] {
                %kf: f32 = cast.rn %k
                yield %kf
              }
              %a: f32, %b: f32, %c: index = for %kb < %bound step 2 carry (%a0 = %zero, %b0 = %one, %c0 = %ib) {
                %c1: index = add %c0, %kb
                next %b0, %a0, %c1
              }
              %cf: f32 = cast.rn %c
              %ab: f32 = sub %a, %b
              %abc: f32 = mul %ab, %cf
              %out: f32 = add %abc, %stepped
              yield %out
            }
            yield %t
          }
          return %y
        }
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void SteppedReduceForAndPartialTilesMeanWhatTheDocsSay(long n)
    {
        var outputs = Run(TestIr.ParseKernel(Loops), Dims(("N", n)), new() { ["x"] = TestIr.Tensor(DType.F32, [n], _ => 0) });
        var y = outputs["y"];
        Assert.Equal([n], y.Shape.ToArray());
        long iterations = (n + 1) / 2;                       // kb = 0, 2, 4, ... < n
        double sign = iterations % 2 == 0 ? -1 : 1;          // (a, b) swap each iteration: a - b = -1, 1, -1, ...
        for (long i = 0; i < n; i++)
        {
            long ib = i / 4 * 4;
            long c = ib + Enumerable.Range(0, (int)iterations).Sum(t => 2L * t);
            Assert.Equal(sign * c + (0 + 3 + 6 + 9), y.Data[i]);
        }
    }

    [Fact]
    public void LocalLoadOutOfBoundsIsReported()
    {
        var text = Loops.Replace("%abc: f32 = mul %ab, %cf", "%abc: f32 = mul %ab, %cf\n      %big: index = const 4\n      %oob: f32 = load %t0[%big]")
            .Replace("%t: f32[4] = compute [%r < 4] {", "%t0: f32[4] = compute [%r0 < 4] {\n      yield %zero\n    }\n    %t: f32[4] = compute [%r < 4] {");
        var r = Interpreter.Run(TestIr.ParseKernel(text), Dims(("N", 4)), new Dictionary<string, Tensor> { ["x"] = TestIr.Tensor(DType.F32, [4], _ => 0) });
        Assert.Null(r.Outputs);
        Assert.Contains(r.Diagnostics, d => d.Id == IrDiagnosticIds.LoadOutOfBounds && d.Message.Contains("%t0[4]") && d.Message.Contains("%y"));
    }
}
