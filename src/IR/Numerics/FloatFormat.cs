namespace KernelC.IR;

/// <summary>Exact rounding of binary64 values to the storage formats, integer conversions and bit patterns.
/// Everything is computed directly from the double: no double -> float -> half double rounding.
/// Formats: f32 (p=24, emin=-126, emax=127), f16 (11, -14, 15), bf16 (8, -126, 127); f64 is the identity.</summary>
public static class FloatFormat
{
    /// <summary>Precision p (significand bits including the hidden bit), emin and emax of a float dtype.</summary>
    public static (int P, int EMin, int EMax) Parameters(DType t) => t switch
    {
        DType.F64 => (53, -1022, 1023),
        DType.F32 => (24, -126, 127),
        DType.F16 => (11, -14, 15),
        DType.BF16 => (8, -126, 127),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a float dtype"),
    };

    /// <summary>The largest finite value: (2 - 2^(1-p)) * 2^emax.</summary>
    public static double MaxFinite(DType t)
    {
        var (p, _, emax) = Parameters(t);
        return (2.0 - Math.ScaleB(1.0, 1 - p)) * Math.ScaleB(1.0, emax);
    }

    /// <summary>The smallest positive subnormal: 2^(emin-p+1).</summary>
    public static double MinSubnormal(DType t)
    {
        var (p, emin, _) = Parameters(t);
        return Math.ScaleB(1.0, emin - p + 1);
    }

    /// <summary>floor(log2 |x|) for finite non-zero x, read from the bits (exact, also for subnormal doubles).</summary>
    public static int Exponent(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x) & 0x7FFF_FFFF_FFFF_FFFFL;
        int biased = (int)(bits >> 52);
        if (biased != 0) return biased - 1023;
        long mant = bits & 0x000F_FFFF_FFFF_FFFFL;
        return 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)mant) - 1074;
    }

    /// <summary>Rounds x to the nearest value of float dtype t in mode m. With e = max(floor(log2|x|), emin) and
    /// quantum q = 2^(e-(p-1)): r = roundToInteger(x/q, m) * q, both steps exact in binary64 (q is a power of two
    /// and |x/q| &lt; 2^p). Overflow (|r| &gt; max finite) goes to ±inf in RNE and in the directed mode pointing away
    /// from zero, to ±max finite in the modes pointing toward zero. NaN, ±inf and signed zeros are kept.</summary>
    public static double Round(double x, DType t, RoundingMode m)
    {
        if (t == DType.F64 || double.IsNaN(x) || double.IsInfinity(x) || x == 0) return x;
        var (p, emin, _) = Parameters(t);
        int e = Math.Max(Exponent(x), emin);
        double q = Math.ScaleB(1.0, e - (p - 1));
        double r = RoundToInteger(x / q, m) * q;
        double max = MaxFinite(t);
        if (Math.Abs(r) > max)
        {
            bool towardZero = m == RoundingMode.TowardZero
                || (m == RoundingMode.Down && x > 0) || (m == RoundingMode.Up && x < 0);
            r = towardZero ? Math.CopySign(max, x) : Math.CopySign(double.PositiveInfinity, x);
        }
        // a value that rounds to zero keeps its sign
        return r == 0 ? Math.CopySign(0.0, x) : r;
    }

    /// <summary>Rounds to an integer-valued double in the given mode (RNE: ties to even).</summary>
    public static double RoundToInteger(double y, RoundingMode m) => m switch
    {
        RoundingMode.NearestEven => Math.Round(y, MidpointRounding.ToEven),
        RoundingMode.TowardZero => Math.Truncate(y),
        RoundingMode.Down => Math.Floor(y),
        RoundingMode.Up => Math.Ceiling(y),
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    /// <summary>Whether x is a value of dtype t: floats round to themselves (NaN and ±inf included), integers are
    /// integral and in range, bool is 0 or 1.</summary>
    public static bool IsRepresentable(double x, DType t)
    {
        if (t.IsFloat())
            return double.IsNaN(x) || BitConverter.DoubleToInt64Bits(Round(x, t, RoundingMode.NearestEven)) == BitConverter.DoubleToInt64Bits(x);
        if (t == DType.Bool) return BitConverter.DoubleToInt64Bits(x) == 0 || x == 1.0;
        if (double.IsNaN(x) || double.IsInfinity(x) || Math.Truncate(x) != x) return false;
        // the index range's upper end 2^63 - 1 is not a double: the last double below 2^63 is in range
        return t == DType.Index ? x >= -9.2233720368547758E18 && x < 9.2233720368547758E18
            : x >= OpSemantics.IntRange(t).Min && x <= OpSemantics.IntRange(t).Max;
    }

    /// <summary>Float to integer: round x to an integer in mode m, then saturate to the range of t; NaN gives 0.</summary>
    public static long ToInteger(double x, DType t, RoundingMode m)
    {
        if (double.IsNaN(x)) return 0;
        var (min, max) = OpSemantics.IntRange(t);
        double r = RoundToInteger(x, m);
        if (r <= min) return (long)min;
        if (t == DType.Index) return r >= 9.2233720368547758E18 ? long.MaxValue : (long)r;
        return r >= max ? (long)max : (long)r;
    }

    /// <summary>Two's complement wrap of a 64-bit integer into integer dtype t (i8, i32, index).</summary>
    public static long Wrap(long v, DType t) => t switch
    {
        DType.I8 => (sbyte)v,
        DType.I32 => (int)v,
        DType.Index => v,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not an integer dtype"),
    };

    /// <summary>Bit width of the storage pattern of a float dtype.</summary>
    public static int BitWidth(DType t) => t switch
    {
        DType.F64 => 64, DType.F32 => 32, DType.F16 => 16, DType.BF16 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a float dtype"),
    };

    /// <summary>The IEEE bit pattern of x in float dtype t (low bits of the result). x must be representable in t
    /// (a compiler bug otherwise). NaN maps to the canonical quiet NaN with x's sign bit.</summary>
    public static ulong ToBits(double x, DType t)
    {
        if (!IsRepresentable(x, t)) throw new ArgumentException($"{x:R} is not a {t.Name()} value", nameof(x));
        bool neg = BitConverter.DoubleToInt64Bits(x) < 0;
        switch (t)
        {
            case DType.F64: return double.IsNaN(x) ? (neg ? 0xFFF8_0000_0000_0000UL : 0x7FF8_0000_0000_0000UL) : (ulong)BitConverter.DoubleToInt64Bits(x);
            case DType.F32: return double.IsNaN(x) ? (neg ? 0xFFC0_0000UL : 0x7FC0_0000UL) : BitConverter.SingleToUInt32Bits((float)x);
            case DType.BF16: return double.IsNaN(x) ? (neg ? 0xFFC0UL : 0x7FC0UL) : BitConverter.SingleToUInt32Bits((float)x) >> 16;
            case DType.F16:
            {
                if (double.IsNaN(x)) return neg ? 0xFE00UL : 0x7E00UL;
                ulong sign = neg ? 0x8000UL : 0UL;
                double a = Math.Abs(x);
                if (double.IsInfinity(a)) return sign | 0x7C00UL;
                if (a == 0) return sign;
                int e = Exponent(a);
                // subnormal: a = m * 2^-24 with m < 2^10; normal: a = (1 + f/2^10) * 2^e
                if (e < -14) return sign | (ulong)(a * Math.ScaleB(1.0, 24));
                ulong frac = (ulong)((Math.ScaleB(a, -e) - 1.0) * 1024.0);
                return sign | ((ulong)(e + 15) << 10) | frac;
            }
            default: throw new ArgumentOutOfRangeException(nameof(t), t, "not a float dtype");
        }
    }

    /// <summary>The value of an IEEE bit pattern of float dtype t (only the low BitWidth(t) bits are read).</summary>
    public static double FromBits(ulong bits, DType t)
    {
        switch (t)
        {
            case DType.F64: return BitConverter.Int64BitsToDouble((long)bits);
            case DType.F32: return BitConverter.UInt32BitsToSingle((uint)bits);
            case DType.BF16: return BitConverter.UInt32BitsToSingle(((uint)bits & 0xFFFF) << 16);
            case DType.F16:
            {
                uint b = (uint)bits & 0xFFFF;
                double sign = (b & 0x8000) != 0 ? -1.0 : 1.0;
                int exp = (int)((b >> 10) & 0x1F);
                uint frac = b & 0x3FF;
                if (exp == 0x1F) return frac != 0 ? (sign < 0 ? -double.NaN : double.NaN) : sign * double.PositiveInfinity;
                // exp 0: subnormal frac * 2^-24 (signed zero included); else (1024 + frac) * 2^(exp-25)
                return exp == 0 ? sign * Math.ScaleB(frac, -24) : sign * Math.ScaleB(1024 + frac, exp - 25);
            }
            default: throw new ArgumentOutOfRangeException(nameof(t), t, "not a float dtype");
        }
    }
}
