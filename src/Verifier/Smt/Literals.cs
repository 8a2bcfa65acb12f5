using System.Numerics;

namespace KernelC.Verifier.Smt;

public sealed record BoolLit(bool Value) : Term
{
    public static readonly BoolLit True = new(true);
    public static readonly BoolLit False = new(false);
    public override Sort Sort => Sort.Bool;
}

public sealed record IntLit(BigInteger Value) : Term
{
    public override Sort Sort => Sort.Int;
}

/// <summary>An exact rational Num/Den, kept normalised: Den &gt; 0 and gcd(Num, Den) = 1.</summary>
public sealed record RealLit : Term
{
    public BigInteger Num { get; }
    public BigInteger Den { get; }
    public override Sort Sort => Sort.Real;

    public RealLit(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new ArgumentException("zero denominator", nameof(den));
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsOne && !g.IsZero) { num /= g; den /= g; }
        if (num.IsZero) den = BigInteger.One;
        Num = num;
        Den = den;
    }

    /// <summary>The exact value of a finite double (every finite double is a dyadic rational).</summary>
    public static RealLit FromDouble(double v)
    {
        if (!double.IsFinite(v)) throw new ArgumentException($"{v} has no real value", nameof(v));
        var (neg, m, e) = FpBits.Decompose(v);
        var num = neg ? -m : m;
        return e >= 0 ? new(num << e, 1) : new(num, BigInteger.One << -e);
    }
}

/// <summary>A bit-vector literal; Value is kept in [0, 2^Width).</summary>
public sealed record BvLit : Term
{
    public BigInteger Value { get; }
    public int Width { get; }
    public override Sort Sort => Sort.BitVec(Width);

    public BvLit(BigInteger value, int width)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width));
        var mod = BigInteger.One << width;
        Value = ((value % mod) + mod) % mod; // two's complement: -1 becomes 2^w - 1
        Width = width;
    }

    /// <summary>The value read as a signed two's complement number.</summary>
    public BigInteger Signed => Value >= (BigInteger.One << (Width - 1)) ? Value - (BigInteger.One << Width) : Value;
}

/// <summary>A FloatingPoint literal given by its three IEEE fields, printed `(fp #bS #bE..E #bM..M)`:
/// Exponent is the biased exponent field (Eb bits), Significand the trailing significand (Sb-1 bits).</summary>
public sealed record FpLit : Term
{
    public int Eb { get; }
    public int Sb { get; }
    public bool Negative { get; }
    public BigInteger Exponent { get; }
    public BigInteger Significand { get; }
    public override Sort Sort => Sort.Fp(Eb, Sb);

    public FpLit(int eb, int sb, bool negative, BigInteger exponent, BigInteger significand)
    {
        if (exponent.Sign < 0 || exponent >= (BigInteger.One << eb)) throw new ArgumentOutOfRangeException(nameof(exponent));
        if (significand.Sign < 0 || significand >= (BigInteger.One << (sb - 1))) throw new ArgumentOutOfRangeException(nameof(significand));
        Eb = eb; Sb = sb; Negative = negative; Exponent = exponent; Significand = significand;
    }

    public bool IsNaN => Exponent == (BigInteger.One << Eb) - 1 && !Significand.IsZero;

    /// <summary>The literal nearest to <paramref name="v"/> in the sort under <paramref name="mode"/>
    /// (exact when v is representable; NaN becomes the quiet NaN with only the top significand bit set).</summary>
    public static FpLit FromDouble(double v, Sort sort, KernelC.IR.RoundingMode mode = KernelC.IR.RoundingMode.NearestEven)
        => FpBits.Round(v, sort.IsFp ? sort : throw new ArgumentException("not a FloatingPoint sort"), mode);

    /// <summary>The exact value as a double (every format up to f64 embeds exactly).</summary>
    public double ToDouble() => FpBits.ToDouble(this);

    public static FpLit NaN(Sort sort) => FromDouble(double.NaN, sort);
}

/// <summary>A rounding-mode constant: RNE, RTZ, RTN (down), RTP (up).</summary>
public sealed record RmLit(KernelC.IR.RoundingMode Mode) : Term
{
    public static readonly RmLit Rne = new(KernelC.IR.RoundingMode.NearestEven);
    public override Sort Sort => Sort.RoundingMode;
}
