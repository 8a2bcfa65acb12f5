using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;

namespace KernelC.Runtime.Tests;

public class FloatBitsTests
{
    [Fact]
    public void F16DecodeAgreesWithSystemHalfOnEveryPattern()
    {
        for (uint b = 0; b < 0x10000; b++)
        {
            double mine = FloatBits.Decode(b, FloatLayout.F16);
            double half = (double)BitConverter.UInt16BitsToHalf((ushort)b);
            if (double.IsNaN(half)) Assert.True(double.IsNaN(mine), $"pattern {b:X4}");
            else Assert.Equal(BitConverter.DoubleToInt64Bits(half), BitConverter.DoubleToInt64Bits(mine));
        }
    }

    [Fact]
    public void EveryF16AndBf16PatternRoundTripsBitExactly()
    {
        foreach (var layout in new[] { FloatLayout.F16, FloatLayout.BF16 })
            for (uint b = 0; b < 0x10000; b++)
                Assert.Equal(b, FloatBits.Encode(FloatBits.Decode(b, layout), layout));
    }

    [Fact]
    public void F32PatternsRoundTripBitExactlyIncludingSignallingNaNs()
    {
        uint[] patterns = { 0, 0x80000000, 1, 0x807FFFFF, 0x00800000, 0x3F800000, 0x7F7FFFFF, 0x7F800000, 0xFF800000,
            0x7FC00000, 0x7F800001, 0xFF812345, 0x7FFFFFFF, 0x7FA00000 };
        foreach (var b in patterns)
            Assert.Equal(b, FloatBits.Encode(FloatBits.Decode(b, FloatLayout.F32), FloatLayout.F32));
    }

    [Fact]
    public void F16EncodeAgreesWithSystemHalfOnRandomDoubles()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), bits =>
        {
            double x = BitConverter.Int64BitsToDouble(bits);
            if (double.IsNaN(x)) return true;
            return FloatBits.Encode(x, FloatLayout.F16) == BitConverter.HalfToUInt16Bits((Half)x);
        }).QuickCheckThrowOnFailure();
        // values near the f16 range, where the interesting rounding happens
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), (a, e) =>
        {
            double x = Math.ScaleB(a, e % 30 - 40);
            return FloatBits.Encode(x, FloatLayout.F16) == BitConverter.HalfToUInt16Bits((Half)x);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void F32EncodeAgreesWithTheCastOnRandomDoubles()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), bits =>
        {
            double x = BitConverter.Int64BitsToDouble(bits);
            if (double.IsNaN(x)) return true;
            return FloatBits.Encode(x, FloatLayout.F32) == BitConverter.SingleToUInt32Bits((float)x);
        }).QuickCheckThrowOnFailure();
    }

    // Independent check of bf16 round-to-nearest-even: r is at least as close to x as both neighbours, and on a
    // tie r is even. Neighbour distances are exact doubles (Sterbenz), so the comparison is exact.
    [Fact]
    public void Bf16EncodeIsNearestEven()
    {
        var f = FloatLayout.BF16;
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), (a, e) =>
        {
            double x = Math.ScaleB(a, e % 200 - 100);
            uint r = FloatBits.Encode(x, f);
            double v = FloatBits.Decode(r, f);
            if (double.IsInfinity(v)) return Math.Abs(x) >= Math.ScaleB(0x1FF, 127 - 8);
            double d = Math.Abs(x - v);
            foreach (uint nb in new[] { r - 1, r + 1 })
            {
                double w = FloatBits.Decode(nb & 0xFFFF, f);
                if (double.IsNaN(w) || double.IsInfinity(w) || Math.Sign(w) * Math.Sign(v) < 0) continue;
                double dn = Math.Abs(x - w);
                if (dn < d) return false;
                if (dn == d && (r & 1) == 1) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bf16RoundsDirectlyFromDoubleWithoutDoubleRounding()
    {
        // 1 + 2^-8 + 2^-30 is just above the midpoint of 1 and 1 + 2^-7: RNE gives 1 + 2^-7. Going through f32 first
        // would make it the exact midpoint 1 + 2^-8 and then round to the even 1.0.
        double x = 1 + Math.ScaleB(1, -8) + Math.ScaleB(1, -30);
        Assert.Equal(1 + Math.ScaleB(1, -7), FloatBits.Round(x, DType.BF16));
        Assert.Equal(1.0, FloatBits.Round((float)x, DType.BF16));
        // exact midpoints go to even
        Assert.Equal(1.0, FloatBits.Round(1 + Math.ScaleB(1, -8), DType.BF16));
        Assert.Equal(1 + Math.ScaleB(2, -7), FloatBits.Round(1 + Math.ScaleB(3, -8), DType.BF16));
    }

    [Fact]
    public void KnownPatterns()
    {
        Assert.Equal(0x3F80u, FloatBits.Encode(1.0, FloatLayout.BF16));
        Assert.Equal(0xC000u, FloatBits.Encode(-2.0, FloatLayout.BF16));
        Assert.Equal(0x3C00u, FloatBits.Encode(1.0, FloatLayout.F16));
        Assert.Equal(0x7BFFu, FloatBits.Encode(65504, FloatLayout.F16));
        Assert.Equal(0x7C00u, FloatBits.Encode(65520, FloatLayout.F16)); // midpoint of max and 2^16: to even = inf
        Assert.Equal(0x7BFFu, FloatBits.Encode(65519.99, FloatLayout.F16));
        Assert.Equal(0x0001u, FloatBits.Encode(Math.ScaleB(1, -24), FloatLayout.F16)); // least subnormal
        Assert.Equal(0x0000u, FloatBits.Encode(Math.ScaleB(1, -25), FloatLayout.F16)); // midpoint to even 0
        Assert.Equal(0x0001u, FloatBits.Encode(Math.ScaleB(1.5, -25), FloatLayout.F16));
        Assert.Equal(0x8000u, FloatBits.Encode(-0.0, FloatLayout.F16));
        Assert.Equal(0x0001u, FloatBits.Encode(Math.ScaleB(1, -133), FloatLayout.BF16)); // least bf16 subnormal
        Assert.Equal(0x0000u, FloatBits.Encode(double.Epsilon, FloatLayout.BF16));
        uint nan = FloatBits.Encode(double.NaN, FloatLayout.BF16);
        Assert.True((nan & 0x7F80) == 0x7F80 && (nan & 0x7F) != 0, $"{nan:X4} is not a bf16 NaN");
        Assert.True(double.IsNaN(FloatBits.Decode(FloatBits.Encode(BitConverter.Int64BitsToDouble(0x7FF0000000000001), FloatLayout.F16), FloatLayout.F16)));
    }
}
