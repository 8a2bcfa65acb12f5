using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>Bit-exact codec between doubles and the narrow IEEE formats f32, f16 and bf16.
/// Decode is exact (every f32/f16/bf16 value is a double). Encode rounds to nearest, ties to even, directly from
/// the double (no intermediate f32, so no double rounding). NaNs keep sign and the top payload bits:
/// decode puts the narrow payload in the top of the double payload, encode takes it back, so
/// Encode(Decode(b)) == b for every bit pattern b, signalling NaNs included.</summary>
internal static class FloatBits
{
    public static FloatLayout LayoutOf(DType t) => t switch
    {
        DType.F32 => FloatLayout.F32,
        DType.F16 => FloatLayout.F16,
        DType.BF16 => FloatLayout.BF16,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a narrow float dtype"),
    };

    /// <summary>The double with the value of the narrow bit pattern (exact).</summary>
    public static double Decode(uint bits, FloatLayout f)
    {
        int m = f.MantissaBits;
        bool negative = ((bits >> (f.ExponentBits + m)) & 1) != 0;
        uint field = (bits >> m) & f.MaxExponentField;
        ulong mantissa = bits & ((1u << m) - 1);
        if (field == f.MaxExponentField)
        {
            if (mantissa == 0) return negative ? double.NegativeInfinity : double.PositiveInfinity;
            // NaN: payload p (m bits) becomes the top m bits of the 52-bit double payload.
            ulong db = (negative ? 1UL << 63 : 0) | (0x7FFUL << 52) | (mantissa << (52 - m));
            return BitConverter.Int64BitsToDouble((long)db);
        }
        // subnormal: man * 2^(1-bias-m); normal: (2^m + man) * 2^(field-bias-m). ScaleB by a power of two is exact.
        double magnitude = field == 0
            ? Math.ScaleB(mantissa, 1 - f.Bias - m)
            : Math.ScaleB(mantissa | (1UL << m), (int)field - f.Bias - m);
        return negative ? -magnitude : magnitude;
    }

    /// <summary>The narrow bit pattern nearest to x (ties to even; overflow to infinity).</summary>
    public static uint Encode(double x, FloatLayout f)
    {
        int m = f.MantissaBits;
        uint maxField = f.MaxExponentField;
        ulong db = (ulong)BitConverter.DoubleToInt64Bits(x);
        uint sign = (uint)(db >> 63) << (f.ExponentBits + m);
        int dexp = (int)((db >> 52) & 0x7FF);
        ulong dman = db & ((1UL << 52) - 1);
        if (dexp == 0x7FF)
        {
            if (dman == 0) return sign | (maxField << m);
            uint payload = (uint)(dman >> (52 - m));
            if (payload == 0) payload = 1u << (m - 1); // payload only in low bits: keep it a NaN (quiet)
            return sign | (maxField << m) | payload;
        }
        if (dexp == 0 && dman == 0) return sign;

        // |x| = sig * 2^(e - 52), with 2^e <= |x| < 2^(e+1) for normal doubles.
        ulong sig = dexp == 0 ? dman : dman | (1UL << 52);
        int e = dexp == 0 ? -1022 : dexp - 1023;
        int emin = 1 - f.Bias;
        int et = Math.Max(e, emin);
        // The quantum (ulp) of the target at exponent et is 2^(et - m); |x| / quantum = sig / 2^shift.
        int shift = et - m - e + 52; // >= 52 - m >= 29
        ulong q;
        if (shift >= 64) q = 0; // sig < 2^53 <= 2^(shift-1): below half a quantum
        else
        {
            q = sig >> shift;
            ulong rem = sig & ((1UL << shift) - 1);
            ulong half = 1UL << (shift - 1);
            if (rem > half || (rem == half && (q & 1) == 1)) q++;
        }
        // rounded |x| = q * 2^(et - m); q < 2^(m+1), or q == 2^(m+1) after a carry.
        if (q >= 1UL << (m + 1)) { q >>= 1; et++; }
        if (q < 1UL << m) return sign | (uint)q; // subnormal or zero (only possible when et == emin)
        int field = et + f.Bias;
        if (field >= maxField) return sign | (maxField << m);
        return sign | ((uint)field << m) | (uint)(q - (1UL << m));
    }

    /// <summary>x rounded to the dtype (round to nearest even); the identity for f64.</summary>
    public static double Round(double x, DType t) =>
        t == DType.F64 ? x : Decode(Encode(x, LayoutOf(t)), LayoutOf(t));
}
