namespace KernelC.Verifier.Tests;

/// <summary>Concrete IEEE results computed independently of the verifier (System.Math, float/Half casts, bit tricks).</summary>
internal static class Oracles
{
    /// <summary>bf16 round-to-nearest-even of an f32 (the standard bias trick on the bit pattern).</summary>
    public static float Bf16(float f)
    {
        if (float.IsNaN(f)) return float.NaN;
        uint bits = BitConverter.SingleToUInt32Bits(f);
        uint rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) & 0xFFFF0000u;
        return BitConverter.UInt32BitsToSingle(rounded);
    }

    public static float Bf16FromBits(ushort b) => BitConverter.UInt32BitsToSingle((uint)b << 16);

    /// <summary>f64 → f32 rounding toward zero: the nearest-even result, stepped toward zero if it overshot.</summary>
    public static float F32TowardZero(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) return (float)d;
        float r = (float)d;
        if (float.IsInfinity(r)) return d > 0 ? float.MaxValue : -float.MaxValue;
        if (Math.Abs((double)r) > Math.Abs(d)) r = d > 0 ? MathF.BitDecrement(r) : MathF.BitIncrement(r);
        return r;
    }

    /// <summary>float → i32 with the given rounding, saturating; NaN → 0.</summary>
    public static int ToI32(double d, Func<double, double> round)
    {
        if (double.IsNaN(d)) return 0;
        var r = round(d);
        if (r >= 2147483648.0) return int.MaxValue;
        if (r <= -2147483648.0) return int.MinValue;
        return (int)r;
    }

    public static bool SameBits(float a, float b) => float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);
}
