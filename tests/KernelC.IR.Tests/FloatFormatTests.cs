namespace KernelC.IR.Tests;

/// <summary>FloatFormat against the platform's own conversions (RNE) and hand cases for bf16 and directed modes.</summary>
public class FloatFormatTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
    private static void Same(double expected, double actual, string what) =>
        Assert.True(Bits(expected) == Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual)), $"{what}: expected {expected:R}, got {actual:R}");

    private static IEnumerable<double> Samples(int n, int seed)
    {
        var rng = new Random(seed);
        double[] edges = [0.0, -0.0, 1.0, -1.0, double.Epsilon, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            65504, 65519.99, 65520, -65520, 6.103515625e-05, 5.960464477539063e-08, 2.9802322387695312e-08, 2.98023223876953125e-08 * 1.0000001,
            3.4028234663852886e38, 3.4028235677973366e38, 3.4028235677973362e38, 1.401298464324817e-45, 7.006492321624085e-46, 1.1754943508222875e-38];
        foreach (var e in edges) yield return e;
        for (int i = 0; i < n; i++)
        {
            // random bit patterns cover every exponent; scaled uniform values hit normal, subnormal and overflow ranges
            yield return BitConverter.Int64BitsToDouble(rng.NextInt64());
            yield return (rng.NextDouble() - 0.5) * Math.ScaleB(1.0, rng.Next(-160, 140));
            // exact halfway cases between neighbouring f16/f32 values
            double h = (float)((rng.NextDouble() - 0.5) * Math.ScaleB(1.0, rng.Next(-30, 30)));
            yield return h + Math.ScaleB(Math.Abs(h) > 0 ? Math.ScaleB(1.0, FloatFormat.Exponent(h)) : 1.0, -24);
        }
    }

    [Fact]
    public void F32MatchesFloatCast()
    {
        foreach (var x in Samples(20000, 1)) Same((float)x, FloatFormat.Round(x, DType.F32, RoundingMode.NearestEven), $"f32({x:R})");
    }

    [Fact]
    public void F16MatchesSystemHalf()
    {
        foreach (var x in Samples(20000, 2)) Same((double)(Half)x, FloatFormat.Round(x, DType.F16, RoundingMode.NearestEven), $"f16({x:R})");
    }

    [Fact]
    public void F64IsTheIdentity()
    {
        foreach (var x in Samples(1000, 3)) Same(x, FloatFormat.Round(x, DType.F64, RoundingMode.TowardZero), "f64");
    }

    [Fact]
    public void Bf16HandCases()
    {
        // bf16 has 8 significant bits: neighbours of 1 are 1 - 2^-8 and 1 + 2^-7
        Same(1.0, FloatFormat.Round(1 + Math.ScaleB(1, -8), DType.BF16, RoundingMode.NearestEven), "halfway to even (down)");
        Same(1 + Math.ScaleB(1, -6), FloatFormat.Round(1 + 3 * Math.ScaleB(1, -8), DType.BF16, RoundingMode.NearestEven), "halfway to even (up)");
        Same(1 + Math.ScaleB(1, -7), FloatFormat.Round(1 + Math.ScaleB(1, -8), DType.BF16, RoundingMode.Up), "rp");
        Same(1.0, FloatFormat.Round(1 + Math.ScaleB(1, -7) - Math.ScaleB(1, -30), DType.BF16, RoundingMode.TowardZero), "rz");
        Same(-1 - Math.ScaleB(1, -7), FloatFormat.Round(-1 - Math.ScaleB(1, -30), DType.BF16, RoundingMode.Down), "rm negative");
        double max = FloatFormat.MaxFinite(DType.BF16);
        Assert.Equal(3.3895313892515355e38, max);
        Same(double.PositiveInfinity, FloatFormat.Round(3.5e38, DType.BF16, RoundingMode.NearestEven), "overflow rn");
        Same(max, FloatFormat.Round(3.5e38, DType.BF16, RoundingMode.TowardZero), "overflow rz");
        Same(max, FloatFormat.Round(3.5e38, DType.BF16, RoundingMode.Down), "overflow rm positive");
        Same(double.NegativeInfinity, FloatFormat.Round(-3.5e38, DType.BF16, RoundingMode.Down), "overflow rm negative");
        Same(-max, FloatFormat.Round(-3.5e38, DType.BF16, RoundingMode.Up), "overflow rp negative");
        double tiny = FloatFormat.MinSubnormal(DType.BF16);
        Assert.Equal(Math.ScaleB(1, -133), tiny);
        Same(tiny, FloatFormat.Round(tiny * 0.75, DType.BF16, RoundingMode.NearestEven), "above half the smallest subnormal");
        Same(0.0, FloatFormat.Round(tiny * 0.5, DType.BF16, RoundingMode.NearestEven), "half the smallest subnormal ties to even 0");
        Same(-0.0, FloatFormat.Round(-tiny * 0.25, DType.BF16, RoundingMode.NearestEven), "signed zero kept");
        Same(tiny, FloatFormat.Round(tiny * 0.01, DType.BF16, RoundingMode.Up), "rp to the smallest subnormal");
    }

    [Fact]
    public void Bf16MatchesBitLevelRne()
    {
        foreach (var x in Samples(20000, 4))
            Same(BitLevelBf16((float)x), FloatFormat.Round((float)x, DType.BF16, RoundingMode.NearestEven), $"bf16({(float)x:R})");
    }

    /// <summary>The classic bf16 RNE on float bits: add 0x7FFF plus the kept lsb, truncate the low 16 bits.</summary>
    internal static double BitLevelBf16(float f)
    {
        if (float.IsNaN(f)) return double.NaN;
        uint b = BitConverter.SingleToUInt32Bits(f);
        b += 0x7FFFu + ((b >> 16) & 1);
        return BitConverter.UInt32BitsToSingle(b & 0xFFFF0000u);
    }

    [Fact]
    public void DirectedModesF16()
    {
        double x = 1 + Math.ScaleB(1, -11); // halfway between 1 and 1 + 2^-10
        Same(1.0, FloatFormat.Round(x, DType.F16, RoundingMode.NearestEven), "rn");
        Same(1.0, FloatFormat.Round(x, DType.F16, RoundingMode.TowardZero), "rz");
        Same(1.0, FloatFormat.Round(x, DType.F16, RoundingMode.Down), "rm");
        Same(1 + Math.ScaleB(1, -10), FloatFormat.Round(x, DType.F16, RoundingMode.Up), "rp");
        Same(-1 - Math.ScaleB(1, -10), FloatFormat.Round(-x, DType.F16, RoundingMode.Down), "rm negative");
        Same(65504, FloatFormat.Round(1e6, DType.F16, RoundingMode.TowardZero), "rz overflow to max");
        Same(double.PositiveInfinity, FloatFormat.Round(1e6, DType.F16, RoundingMode.Up), "rp overflow to inf");
        Same(double.PositiveInfinity, FloatFormat.Round(65520, DType.F16, RoundingMode.NearestEven), "max + half ulp to inf");
        Same(65504, FloatFormat.Round(65519.999, DType.F16, RoundingMode.NearestEven), "below max + half ulp");
        Same(Math.ScaleB(1, -24), FloatFormat.Round(Math.ScaleB(1, -30), DType.F16, RoundingMode.Up), "rp smallest subnormal");
        Same(0.0, FloatFormat.Round(Math.ScaleB(1, -30), DType.F16, RoundingMode.Down), "rm to zero");
    }

    [Fact]
    public void Representability()
    {
        Assert.True(FloatFormat.IsRepresentable(0.5, DType.F16));
        Assert.False(FloatFormat.IsRepresentable(0.1, DType.F32));
        Assert.True(FloatFormat.IsRepresentable(double.NaN, DType.BF16));
        Assert.True(FloatFormat.IsRepresentable(-128, DType.I8));
        Assert.False(FloatFormat.IsRepresentable(128, DType.I8));
        Assert.False(FloatFormat.IsRepresentable(1.5, DType.I32));
        Assert.False(FloatFormat.IsRepresentable(9.2233720368547758E18, DType.Index));
        Assert.True(FloatFormat.IsRepresentable(1, DType.Bool));
        Assert.False(FloatFormat.IsRepresentable(-0.0, DType.Bool));
    }

    [Fact]
    public void IntegerConversions()
    {
        Assert.Equal(0, FloatFormat.ToInteger(double.NaN, DType.I32, RoundingMode.NearestEven));
        Assert.Equal(int.MaxValue, FloatFormat.ToInteger(1e12, DType.I32, RoundingMode.NearestEven));
        Assert.Equal(sbyte.MinValue, FloatFormat.ToInteger(double.NegativeInfinity, DType.I8, RoundingMode.TowardZero));
        Assert.Equal(2, FloatFormat.ToInteger(2.5, DType.I32, RoundingMode.NearestEven));
        Assert.Equal(3, FloatFormat.ToInteger(2.5, DType.I32, RoundingMode.Up));
        Assert.Equal(-3, FloatFormat.ToInteger(-2.5, DType.I32, RoundingMode.Down));
        Assert.Equal(-2, FloatFormat.ToInteger(-2.7, DType.I32, RoundingMode.TowardZero));
        Assert.Equal(long.MaxValue, FloatFormat.ToInteger(1e30, DType.Index, RoundingMode.NearestEven));
        Assert.Equal(-128, FloatFormat.Wrap(128, DType.I8));
        Assert.Equal(int.MinValue, FloatFormat.Wrap(int.MaxValue + 1L, DType.I32));
    }

    [Fact]
    public void BitsRoundTripAndMatchThePlatform()
    {
        var rng = new Random(5);
        for (int i = 0; i < 5000; i++)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)rng.Next(0, 0x10000));
            if (Half.IsNaN(h)) continue;
            Assert.Equal(BitConverter.HalfToUInt16Bits(h), FloatFormat.ToBits((double)h, DType.F16));
            Same((double)h, FloatFormat.FromBits(BitConverter.HalfToUInt16Bits(h), DType.F16), "f16 from bits");
            ulong b16 = (ulong)rng.Next(0, 0x10000);
            double v = FloatFormat.FromBits(b16, DType.BF16);
            if (!double.IsNaN(v)) Assert.Equal(b16, FloatFormat.ToBits(v, DType.BF16));
            uint b32 = (uint)rng.NextInt64(0, 1L << 32);
            double f = FloatFormat.FromBits(b32, DType.F32);
            if (!double.IsNaN(f)) Assert.Equal(b32, FloatFormat.ToBits(f, DType.F32));
        }
        Assert.Equal(0x7E00UL, FloatFormat.ToBits(double.NaN, DType.F16) & 0x7FFF);
        Assert.Throws<ArgumentException>(() => FloatFormat.ToBits(0.1, DType.F32));
    }
}
