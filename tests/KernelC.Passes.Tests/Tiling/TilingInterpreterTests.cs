using KernelC.IR;
using KernelC.Passes.Tiling;

namespace KernelC.Passes.Tests.Tiling;

/// <summary>The tiled kernel agrees with the untiled one in the reference interpreter: bit-exact without a k-tile
/// (same ops in the same order), within rounding with one (a regrouped f32 sum).</summary>
public sealed class TilingInterpreterTests
{
    [Theory]
    [InlineData("matmul", "16,16")]
    [InlineData("matmul", "5,3")]
    [InlineData("softmax", "4,4")]
    [InlineData("layernorm", "3,7")]
    public void Interpreter_agrees_bit_exact_without_k_tile(string example, string args)
    {
        var before = TilingCheckTests.Fused(example);
        var after = TestIr.Run(new TilePass(), before, args).Module;
        TestIr.AssertValid(after);
        foreach (var n in new long[] { 1, 7, 33 })
        {
            var dims = TestIr.Dims(before.Kernels[0], n);
            TestIr.AssertSameOutputs(before.Kernels[0], after.Kernels[0], dims, TestIr.RandomInputs(before.Kernels[0], dims, new Random((int)n)));
        }
    }

    [Theory]
    [InlineData("8,8,4")]
    [InlineData("5,3,7")]
    public void Interpreter_agrees_within_rounding_with_k_tile(string args)
    {
        var before = TilingCheckTests.Fused("matmul");
        var after = TestIr.Run(new TilePass(), before, args).Module;
        TestIr.AssertValid(after);
        foreach (var n in new long[] { 1, 7, 33 })
        {
            var k = before.Kernels[0];
            var dims = TestIr.Dims(k, n);
            var inputs = TestIr.RandomInputs(k, dims, new Random((int)n));
            var rb = Interpreter.Run(k, dims, inputs, Precision.Exact);
            var ra = Interpreter.Run(after.Kernels[0], dims, inputs, Precision.Exact);
            var (tb, ta) = (rb.Outputs![k.Outputs[0].Name], ra.Outputs![k.Outputs[0].Name]);
            // Inputs in [-3, 3], K = n terms: the f32 sum's rounding is far below this bound (Higham, n·u·Σ|x|).
            double bound = n * Math.Pow(2, -23) * n * 9;
            for (int e = 0; e < tb.Data.Length; e++)
                Assert.True(Math.Abs(tb.Data[e] - ta.Data[e]) <= bound, $"element {e}: {tb.Data[e]} vs {ta.Data[e]}");
        }
    }
}
