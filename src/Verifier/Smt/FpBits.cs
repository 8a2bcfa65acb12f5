using System.Numerics;
using KernelC.IR;

namespace KernelC.Verifier.Smt;

/// <summary>Exact conversions between doubles and IEEE fields of any (eb, sb) format. Pure integer arithmetic:
/// |v| = m·2^e exactly, then one rounding step to precision sb with the exponent clamped at emin (subnormals).</summary>
internal static class FpBits
{
    /// <summary>|v| = M·2^E exactly, for finite v.</summary>
    public static (bool Negative, BigInteger M, int E) Decompose(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        bool neg = bits < 0;
        int biased = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xFFFFFFFFFFFFFL;
        return biased == 0 ? (neg, frac, -1074) : (neg, frac | (1L << 52), biased - 1075);
    }

    public static FpLit Round(double v, Sort sort, RoundingMode mode)
    {
        int eb = sort.Eb, p = sort.Sb;
        var expAllOnes = (BigInteger.One << eb) - 1;
        if (double.IsNaN(v)) return new FpLit(eb, p, false, expAllOnes, BigInteger.One << (p - 2));
        bool neg = double.IsNegative(v);
        if (double.IsInfinity(v)) return new FpLit(eb, p, neg, expAllOnes, 0);
        var (_, m, e) = Decompose(v);
        if (m.IsZero) return new FpLit(eb, p, neg, 0, 0);
        int bias = (1 << (eb - 1)) - 1, emin = 1 - bias, emax = bias;
        int exp = Math.Max((int)m.GetBitLength() - 1 + e, emin);  // exponent of the leading bit, clamped
        int q = exp - (p - 1);                                     // weight of the last kept bit
        BigInteger s;
        if (e >= q) s = m << (e - q);
        else
        {
            int shift = q - e;
            s = m >> shift;
            var rem = m - (s << shift);
            var half = BigInteger.One << (shift - 1);
            bool up = mode switch
            {
                RoundingMode.NearestEven => rem > half || (rem == half && !s.IsEven),
                RoundingMode.TowardZero => false,
                RoundingMode.Up => !neg && !rem.IsZero,
                RoundingMode.Down => neg && !rem.IsZero,
                _ => throw new ArgumentOutOfRangeException(nameof(mode)),
            };
            if (up) s += 1;
        }
        if (s >= (BigInteger.One << p)) { s >>= 1; exp++; }      // carry out of the top: s was 2^p
        else if (s < (BigInteger.One << (p - 1))) exp = emin - 1; // subnormal (or zero): biased field 0
        if (exp > emax)
        {
            bool toInf = mode switch
            {
                RoundingMode.NearestEven => true, RoundingMode.TowardZero => false,
                RoundingMode.Up => !neg, RoundingMode.Down => neg, _ => true,
            };
            return toInf ? new FpLit(eb, p, neg, expAllOnes, 0)
                         : new FpLit(eb, p, neg, expAllOnes - 1, (BigInteger.One << (p - 1)) - 1);
        }
        var frac = s & ((BigInteger.One << (p - 1)) - 1);
        return new FpLit(eb, p, neg, exp + bias, frac);
    }

    public static double ToDouble(FpLit f)
    {
        int eb = f.Eb, p = f.Sb;
        int bias = (1 << (eb - 1)) - 1;
        var expAllOnes = (BigInteger.One << eb) - 1;
        double mag;
        if (f.Exponent == expAllOnes) mag = f.Significand.IsZero ? double.PositiveInfinity : double.NaN;
        else if (f.Exponent.IsZero) mag = Math.ScaleB((double)f.Significand, 1 - bias - (p - 1));
        else mag = Math.ScaleB((double)((BigInteger.One << (p - 1)) + f.Significand), (int)f.Exponent - bias - (p - 1));
        return f.Negative ? -mag : mag;
    }
}
