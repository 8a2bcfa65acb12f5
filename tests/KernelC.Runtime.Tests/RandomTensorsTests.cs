using System.Collections.Immutable;
using KernelC.IR;

namespace KernelC.Runtime.Tests;

public class RandomTensorsTests
{
    // FNV-1a("") is the offset basis, so seed = basis with name "" starts SplitMix64 at state 0, whose published
    // outputs are e220a8397b1dcdaf, 6e789e6aa1b965f4, 06c45d188009454f, f88bb8a8724c81ec. The expected tensors
    // below follow from those by the documented mappings (k = out >> 11; k * 2^-52 - 1, then RNE;
    // floor(out * n / 2^64) + lo), worked out with exact rationals outside this code.
    private const ulong ZeroStateSeed = 0xcbf29ce484222325UL;

    [Fact]
    public void PublishedVectors()
    {
        var g = new SplitMix64(0);
        Assert.Equal(new[] { 0xe220a8397b1dcdafUL, 0x6e789e6aa1b965f4UL, 0x06c45d188009454fUL, 0xf88bb8a8724c81ecUL },
            new[] { g.Next(), g.Next(), g.Next(), g.Next() });
        Assert.Equal(0xcbf29ce484222325UL, StableHash.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, StableHash.Fnv1a64("foobar"));
    }

    [Theory]
    [InlineData(DType.F64, new[] { 0.7666216164272852, -0.13694400590298006, -0.9471324568148045, 0.941763956307657 })]
    [InlineData(DType.F32, new[] { 0.7666215896606445, -0.1369440108537674, -0.9471324682235718, 0.9417639374732971 })]
    [InlineData(DType.F16, new[] { 0.7666015625, -0.136962890625, -0.947265625, 0.94189453125 })]
    [InlineData(DType.BF16, new[] { 0.765625, -0.13671875, -0.9453125, 0.94140625 })]
    [InlineData(DType.I8, new[] { 7.0, -1, -8, 8 })]
    [InlineData(DType.I32, new[] { 77.0, -14, -95, 95 })]
    public void FixedValuesForAKnownState(DType t, double[] expected)
    {
        var r = RandomTensors.Uniform(t, [2, 2], ZeroStateSeed, "");
        Assert.Equal(t, r.DType);
        Assert.Equal(new long[] { 2, 2 }, r.Shape.ToArray());
        Assert.Equal(expected, r.Data);
    }

    [Fact]
    public void SameSeedAndNameRepeatOtherwiseDiffer()
    {
        ImmutableArray<long> shape = [64];
        var a = RandomTensors.Uniform(DType.F32, shape, 7, "x").Data;
        Assert.Equal(a, RandomTensors.Uniform(DType.F32, shape, 7, "x").Data);
        Assert.NotEqual(a, RandomTensors.Uniform(DType.F32, shape, 8, "x").Data);
        Assert.NotEqual(a, RandomTensors.Uniform(DType.F32, shape, 7, "y").Data);
        Assert.Equal(0.4825824397299312, RandomTensors.Uniform(DType.F64, [1], 7, "x").Data[0]);
    }

    [Theory]
    [InlineData(DType.F64, -1.0, 1.0, false)]
    [InlineData(DType.F32, -1.0, 1.0, true)]
    [InlineData(DType.F16, -1.0, 1.0, true)]
    [InlineData(DType.BF16, -1.0, 1.0, true)]
    [InlineData(DType.I8, -8.0, 8.0, true)]
    [InlineData(DType.I32, -100.0, 100.0, true)]
    public void ValuesAreInRangeRepresentableAndSpread(DType t, double lo, double hi, bool hiIncluded)
    {
        var d = RandomTensors.Uniform(t, [20000], 42, "range").Data;
        Assert.All(d, v => Assert.True(v >= lo && (hiIncluded ? v <= hi : v < hi), $"{v} out of range"));
        Assert.All(d, v => Assert.Equal(v, t.IsFloat() ? FloatBits.Round(v, t) : Math.Round(v)));
        Assert.True(d.Min() < lo + (hi - lo) * 0.01 && d.Max() > hi - (hi - lo) * 0.01, "values should cover the range");
        Assert.InRange(d.Average(), lo + (hi - lo) * 0.45, lo + (hi - lo) * 0.55);
        if (t.IsInteger()) Assert.Equal((int)(hi - lo) + 1, d.Distinct().Count()); // every integer occurs
    }

    [Fact]
    public void RejectsNonStorableDTypes() =>
        Assert.Throws<ArgumentException>(() => RandomTensors.Uniform(DType.Bool, [1], 0, "b"));
}
