using System.Collections.Immutable;
using System.Text.RegularExpressions;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using Xunit.Abstractions;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>The tensor-core path (docs/ptx.md "Emission", mma.sync): which IR it takes, the launch it makes, and its
/// results on the CPU PTX interpreter against the reference interpreter. Tolerance, componentwise: both sides sum
/// the same K exact products (f16/bf16 × f16/bf16 is exact in f32) in f32 with one rounding per addition, in
/// different orders (the IR: k ascending from +0; the interpreter's mma model: an fma chain per 16-deep k block,
/// blocks in order — the hardware's order is unspecified). Recursive summation of K terms is within γ_K·Σ|p_k| of
/// the exact sum (Higham, Accuracy and Stability, §4.2; γ_K = K·u/(1 − K·u), u = 2^-24), so the two differ by at
/// most 2·γ_K·Σ_k |a[m,k]·b[k,n]|. It is not 0: the orders differ and f32 addition is not associative.</summary>
public class MmaMatmulTests(ITestOutputHelper output)
{
    /// <summary>A hand-written matmul-shaped kernel; the parts that decide whether it is the mma pattern are holes.</summary>
    private static string Ir(string ta = "bf16", string tb = "bf16", string bShape = "K, N", string bIndex = "%k, %n",
        string reduce = "sum", string op = "mul %2, %4") => $$"""
        kernel @mm(%a: {{ta}}[M, K], %b: {{tb}}[{{bShape}}]) -> (c: f32[M, N])
            dims M, K, N {
          %c: f32[M, N] = compute [%m < M, %n < N] {
            %0: f32 = reduce.{{reduce}} [%k < K] {
              %1: {{ta}} = load %a[%m, %k]
              %2: f32 = cast.rn %1
              %3: {{tb}} = load %b[{{bIndex}}]
              %4: f32 = cast.rn %3
              %5: f32 = {{op}}
              yield %5
            }
            yield %0
          }
          return %c
        }
        """;

    private static bool UsesMma(PtxProgram p) => p.PtxText.Contains("mma.sync", StringComparison.Ordinal);

    public static IEnumerable<object[]> Sizes()
    {
        // the example (f32 params rounded to bf16 by two conversion launches, then the matmul)
        foreach (var (m, k, n) in new[] { (5, 7, 3), (16, 16, 8), (33, 33, 33), (17, 40, 9), (1, 1, 1), (48, 32, 64), (65, 20, 130) })
            yield return ["matmul_bf16", m, k, n];
        // f16 params straight into the mma kernel (no conversion launch)
        foreach (var (m, k, n) in new[] { (20, 24, 40), (7, 9, 70), (32, 48, 16) })
            yield return ["f16", m, k, n];
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_mma_kernel_agrees_with_the_reference_within_the_summation_bound(string kernel, int M, int K, int N)
    {
        var k = kernel == "matmul_bf16" ? EmitTestData.FinalIr("matmul_bf16") : EmitTestData.Parse(Ir("f16", "f16"));
        var p = EmitTestData.EmitOk(k);
        Assert.True(UsesMma(p), p.PtxText);
        var dims = new Dictionary<string, long> { ["M"] = M, ["K"] = K, ["N"] = N };
        var rng = new Random(M * 10007 + K * 101 + N);
        var inputs = new Dictionary<string, Tensor>();
        foreach (var prm in k.Params)
        {
            var shape = prm.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            var data = new double[Tensor.ElementCount(shape)];
            for (int i = 0; i < data.Length; i++) data[i] = FloatFormat.Round(rng.NextDouble() * 2 - 1, prm.DType, RoundingMode.NearestEven);
            inputs[prm.Name] = new Tensor(prm.DType, shape, data);
        }
        var reference = Interpreter.Run(k, dims, inputs, Precision.Exact);
        Assert.True(reference.Outputs is not null, string.Join("\n", reference.Diagnostics.Select(d => d.Format())));
        var got = PtxProgramRunner.Run(p, inputs, dims)["c"];
        var want = reference.Outputs!["c"].Data;
        // the operands as the matmul sees them: rounded to the half format (the example's conversion launches do it)
        var h = kernel == "matmul_bf16" ? DType.BF16 : DType.F16;
        double Op(string name, long i) => FloatFormat.Round(inputs[name].Data[i], h, RoundingMode.NearestEven);
        double u = Math.ScaleB(1.0, -24), gamma = K * u / (1 - K * u), worst = 0;
        bool anyDifferent = false;
        for (int m = 0; m < M; m++)
            for (int n = 0; n < N; n++)
            {
                double abs = 0;
                for (int kk = 0; kk < K; kk++) abs += Math.Abs(Op("a", (long)m * K + kk) * Op("b", (long)kk * N + n));
                double err = Math.Abs(got[m * N + n] - want[m * N + n]), bound = 2 * gamma * abs;
                Assert.True(err <= bound, $"c[{m}, {n}]: ptx {got[m * N + n]:R}, reference {want[m * N + n]:R}, |diff| {err:E3} > bound {bound:E3}");
                if (abs > 0) worst = Math.Max(worst, err / (2 * gamma * abs));
                anyDifferent |= got[m * N + n] != want[m * N + n];
            }
        output.WriteLine($"{kernel} M={M} K={K} N={N}: largest error / bound = {worst:F3}; bit-identical everywhere: {!anyDifferent}");
    }

    [Fact]
    public void Without_tensor_cores_the_thread_per_element_loop_is_kept_and_bit_exact()
    {
        var k = EmitTestData.FinalIr("matmul_bf16");
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(k, PtxTarget.Default, diags, new PtxEmitOptions(TensorCores: false))!;
        Assert.NotNull(p);
        Assert.False(UsesMma(p));
        var dims = new Dictionary<string, long> { ["M"] = 9, ["K"] = 21, ["N"] = 5 };
        var rng = new Random(3);
        var inputs = k.Params.ToDictionary(x => x.Name, x =>
        {
            var shape = x.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            return new Tensor(x.DType, shape, Enumerable.Range(0, (int)Tensor.ElementCount(shape)).Select(_ => (double)(float)(rng.NextDouble() * 2 - 1)).ToArray());
        });
        var want = Interpreter.Run(k, dims, inputs, Precision.Exact).Outputs!["c"].Data;
        Assert.Equal(want, PtxProgramRunner.Run(p, inputs, dims)["c"]);
    }

    [Fact]
    public void The_mma_launch_and_its_report()
    {
        var p = EmitTestData.EmitOk(EmitTestData.FinalIr("matmul_bf16"));
        Assert.Equal(3, p.Launches.Count); // a → bf16, b → bf16, then the matmul
        Assert.False(UsesMma(p with { PtxText = Entry(p.PtxText, "matmul_a_bf16") }));
        var l = p.Launches[2];
        Assert.Equal("matmul_c", l.Entry);
        Assert.Equal((128, 1, 1), (l.BlockX, l.BlockY, l.BlockZ));
        Assert.Equal(LaunchExtent.CeilDiv("N", 64), l.GridX); // a block: 2×2 warps of 16×32 = a 32×64 tile of c
        Assert.Equal(LaunchExtent.CeilDiv("M", 32), l.GridY);
        Assert.Equal(LaunchExtent.One, l.GridZ);
        Assert.Equal(0, l.DynamicSharedBytes);
        Assert.Equal(0, l.Report.SharedBytes);
        Assert.Equal(128, l.Report.ThreadsPerBlock);
        Assert.Equal("2*K*M*N", l.Report.FlopsFormula); // the IR's multiply-adds; the padding's zero products are not counted
        Assert.Equal("2*K*M+2*K*N+4*M*N", l.Report.GlobalBytesFormula);
        // registers: what the entry declares (.reg .T %x<n> declares n - 1)
        var declared = Regex.Matches(Entry(p.PtxText, "matmul_c"), @"\.reg \.\w+ %\w+<(\d+)>;").Sum(m => int.Parse(m.Groups[1].Value) - 1);
        Assert.Equal(declared, l.Report.Registers);
        var cfg = l.Resolve(new Dictionary<string, long> { ["M"] = 33, ["K"] = 5, ["N"] = 70 });
        Assert.Equal((2, 2), (cfg.GridX, cfg.GridY)); // ceil(70/64), ceil(33/32)
        Assert.Equal(4, Regex.Matches(Entry(p.PtxText, "matmul_c"), @"\tmma\.sync\.aligned").Count); // 4 sub-tiles per warp, one A fragment
    }

    private static string Entry(string ptx, string name)
    {
        int i = ptx.IndexOf(".entry " + name + "(", StringComparison.Ordinal);
        Assert.True(i >= 0, ptx);
        int j = ptx.IndexOf("\n}\n", i, StringComparison.Ordinal);
        return ptx[i..j];
    }

    [Fact]
    public void Bf16_params_and_constant_extents_take_the_mma_path()
    {
        var k = EmitTestData.Parse(Ir().Replace("    dims M, K, N {", "    {").Replace("M, K", "20, 24").Replace("K, N", "24, 40").Replace("M, N", "20, 40")
            .Replace("< M", "< 20").Replace("< N", "< 40").Replace("< K", "< 24"));
        var p = EmitTestData.EmitOk(k);
        Assert.True(UsesMma(p), p.PtxText);
        Assert.Single(p.Launches);
        Assert.Equal((1L, 1L), (p.Launches[0].GridX.Constant, p.Launches[0].GridY.Constant)); // 20×40 fits one 32×64 block
        var dims = new Dictionary<string, long>();
        var rng = new Random(11);
        var inputs = k.Params.ToDictionary(x => x.Name, x =>
        {
            var shape = x.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            return new Tensor(x.DType, shape, Enumerable.Range(0, (int)Tensor.ElementCount(shape))
                .Select(_ => FloatFormat.Round(rng.NextDouble() * 2 - 1, DType.BF16, RoundingMode.NearestEven)).ToArray());
        });
        var want = Interpreter.Run(k, dims, inputs, Precision.Exact).Outputs!["c"].Data;
        var got = PtxProgramRunner.Run(p, inputs, dims)["c"];
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) <= 2 * 24 * Math.ScaleB(1.0, -24) * 24, $"c[{i}]: {got[i]} vs {want[i]}");
    }

    /// <summary>Anything but the exact pattern keeps the general lowering (never a wrong mma).</summary>
    [Theory]
    [InlineData("f16", "bf16", "K, N", "%k, %n", "sum", "mul %2, %4")]   // mixed formats (one mma type for both)
    [InlineData("bf16", "bf16", "N, K", "%n, %k", "sum", "mul %2, %4")]  // B transposed (b[n, k])
    [InlineData("bf16", "bf16", "K, N", "%k, %n", "max", "mul %2, %4")]  // not a sum
    [InlineData("bf16", "bf16", "K, N", "%k, %n", "sum", "add %2, %4")]  // not a product
    [InlineData("bf16", "bf16", "K, N", "%k, %n", "sum", "mul %2, %2")]  // a·a
    [InlineData("f32", "f32", "K, N", "%k, %n", "sum", "mul %2, %4")]    // f32 operands (no f32 mma here)
    public void Other_shapes_keep_the_thread_per_element_loop(string ta, string tb, string bShape, string bIndex, string reduce, string op)
    {
        var text = Ir(ta, tb, bShape, bIndex, reduce, op);
        if (ta == "f32") text = text.Replace("%2: f32 = cast.rn %1", "%2: f32 = mul %1, %1").Replace("%4: f32 = cast.rn %3", "%4: f32 = mul %3, %3");
        var p = EmitTestData.EmitOk(EmitTestData.Parse(text));
        Assert.False(UsesMma(p), p.PtxText);
        Assert.Equal(256, p.Launches[0].BlockX);
    }

    [Fact]
    public void The_product_may_name_its_operands_in_either_order() =>
        Assert.True(UsesMma(EmitTestData.EmitOk(EmitTestData.Parse(Ir(op: "mul %4, %2"))))); // b·a = a·b exactly
}
