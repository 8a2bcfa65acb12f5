using System.Collections.Immutable;
using System.Text.RegularExpressions;
using KernelC.IR;
using KernelC.Tests.Shared;
using Xunit.Abstractions;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>Row reductions of a tile are built one warp per row (docs/ptx.md "Kernel shapes"): lanes fold strided
/// elements, 5 shfl.sync.bfly steps (16, 8, 4, 2, 1) combine them, lane 0 stores. The shape is checked in the text;
/// the interpreter runs it without faults (shuffles with a full warp, no shared-memory race) at sizes with partial
/// tiles and rows shorter than a warp, and agrees with the reference interpreter.</summary>
public class WarpRowReductionTests(ITestOutputHelper output)
{
    private static readonly Regex Shfl = new(@"shfl\.sync\.bfly\.b32 %f\d+, %f\d+, (\d+), 31, 0xffffffff;");

    /// <summary>The text of one .entry.</summary>
    private static string Entry(string ptx, string name)
    {
        int at = ptx.IndexOf($".entry {name}(", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no entry {name}");
        int end = ptx.IndexOf("\n}", at, StringComparison.Ordinal);
        return ptx[at..end];
    }

    [Theory]
    [InlineData("softmax", "softmax_m", 1)]
    [InlineData("softmax", "softmax_z", 1)]
    [InlineData("softmax", "softmax_y", 0)]   // element-wise tile: thread per element
    [InlineData("layernorm", "layernorm_mu", 1)]
    [InlineData("layernorm", "layernorm_var", 1)]
    [InlineData("rmsnorm", "rmsnorm_ms", 1)]
    [InlineData("gelu_mlp", "gelu_mlp_h", 0)] // rank-2 tile (a dot product per element, not a row): thread per element
    [InlineData("attention", "attention_o", 0)]     // its row reductions run over 8 keys (< 32): thread per row
    public void A_row_reduction_of_a_tile_is_five_butterfly_shuffles_and_a_lane_0_store(string example, string entry, int reductions)
    {
        var text = Entry(EmitTestData.EmitOk(EmitTestData.FinalIr(example)).PtxText, entry);
        var offsets = Shfl.Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(Enumerable.Repeat(new[] { 16, 8, 4, 2, 1 }, reductions).SelectMany(x => x), offsets);
        Assert.Equal(5 * reductions, Regex.Matches(text, "shfl").Count);
        Assert.Equal(reductions > 0, Regex.IsMatch(text, @"setp\.eq\.s32 (%p\d+), %r\d+, 0;\s+@\1 st\.global\.f32"));
    }

    /// <summary>The tiled example on the interpreter against the reference interpreter at partial tiles (33, 70 are
    /// not multiples of 64; 70 spans two row tiles) and a row shorter than a warp (C = 5: lanes 5..31 keep the
    /// identity). Tolerance 1e-6 normwise: the summation order differs (lanes, then the butterfly), exp/rsqrt are
    /// approximated.</summary>
    [Theory]
    [InlineData("softmax", 33, 33)]
    [InlineData("softmax", 70, 70)]
    [InlineData("softmax", 70, 5)]
    [InlineData("layernorm", 33, 33)]
    [InlineData("layernorm", 70, 70)]
    [InlineData("rmsnorm", 33, 33)]
    [InlineData("rmsnorm", 70, 70)]
    public void The_warp_reduction_kernels_run_without_faults_and_agree_with_the_reference(string example, long r, long c)
    {
        var k = EmitTestData.FinalIr(example);
        var dims = new Dictionary<string, long> { ["R"] = r, ["C"] = c };
        var normwise = Compare(k, dims, seed: (int)(r * 100 + c), lo: -1, hi: 1);
        output.WriteLine($"{example} R={r} C={c}: normwise error {normwise:E3}");
        Assert.True(normwise <= 1e-6, $"normwise error {normwise:E3}");
    }

    /// <summary>A row max whose tile is read again inside the tile (so it is staged in shared memory, stored by lane 0
    /// of each warp): bit-exact (max does not depend on the order), also with rows shorter than a warp and every
    /// input negative — lanes without an element must hold -inf, not 0.</summary>
    [Theory]
    [InlineData(33, 33, -1.0, 1.0)]
    [InlineData(70, 5, -3.0, -1.0)]
    [InlineData(5, 64, -3.0, -1.0)]
    public void A_staged_row_max_is_stored_by_lane_0_and_is_bit_exact(long r, long c, double lo, double hi)
    {
        var k = EmitTestData.Parse(WarpRowKernels.RowCenter);
        var ptx = EmitTestData.EmitOk(k).PtxText;
        Assert.Equal(5, Shfl.Matches(ptx).Count);
        Assert.Matches(@"setp\.eq\.s32 (%p\d+), %r\d+, 0;\s+@\1 st\.shared\.f32", ptx);
        var normwise = Compare(k, new Dictionary<string, long> { ["R"] = r, ["C"] = c }, seed: 3, lo, hi);
        Assert.Equal(0, normwise);
    }

    private static double Compare(Kernel k, Dictionary<string, long> dims, int seed, double lo, double hi)
    {
        var rng = new Random(seed);
        var inputs = new Dictionary<string, Tensor>();
        foreach (var p in k.Params)
        {
            var shape = p.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            var data = new double[Tensor.ElementCount(shape)];
            for (int i = 0; i < data.Length; i++) data[i] = FloatFormat.Round(lo + (hi - lo) * rng.NextDouble(), p.DType, RoundingMode.NearestEven);
            inputs[p.Name] = new Tensor(p.DType, shape, data);
        }
        var reference = Interpreter.Run(k, dims, inputs, Precision.Exact);
        Assert.True(reference.Outputs is not null, string.Join("\n", reference.Diagnostics.Select(d => d.Format())));
        var ptx = PtxProgramRunner.Run(EmitTestData.EmitOk(k), inputs, dims);
        var (name, want) = Assert.Single(reference.Outputs!);
        var got = ptx[name];
        double maxRef = want.Data.Max(Math.Abs), maxErr = 0;
        for (int i = 0; i < got.Length; i++) maxErr = Math.Max(maxErr, Math.Abs(got[i] - want.Data[i]));
        Assert.False(double.IsNaN(maxErr));
        return maxRef == 0 ? maxErr : maxErr / maxRef;
    }
}
