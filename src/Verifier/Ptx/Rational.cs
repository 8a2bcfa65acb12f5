using System.Numerics;

namespace KernelC.Verifier.Ptx;

/// <summary>An exact rational Num/Den, normalised: Den &gt; 0, gcd(Num, Den) = 1, zero is 0/1. Used for the
/// coefficients of <see cref="Poly"/>: every finite double (and so every f32) is a dyadic rational, so constants of
/// both the IR and the PTX enter the real-arithmetic normal form exactly.</summary>
public readonly record struct Rational
{
    public BigInteger Num { get; }
    public BigInteger Den { get; }

    // already normalised (den > 0, coprime): no gcd
    private Rational(BigInteger num, BigInteger den, bool normalised)
    {
        Num = num;
        Den = den;
    }

    public Rational(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException("rational with a zero denominator");
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsZero && !g.IsOne) { num /= g; den /= g; }
        if (num.IsZero) den = BigInteger.One;
        Num = num;
        Den = den.IsZero ? BigInteger.One : den;
    }

    public static Rational Zero => new(0, 1);
    public static Rational One => new(1, 1);
    public bool IsZero => Num.IsZero;
    public bool IsOne => Num.IsOne && Den.IsOne;
    public int Sign => Num.Sign;

    /// <summary>The exact value of a finite double: m·2^e.</summary>
    public static Rational FromDouble(double v)
    {
        if (!double.IsFinite(v)) throw new ArgumentException($"{v} has no rational value", nameof(v));
        long bits = BitConverter.DoubleToInt64Bits(v);
        bool neg = bits < 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xF_FFFF_FFFF_FFFFL;
        BigInteger m = exp == 0 ? frac : frac | (1L << 52);
        int e = (exp == 0 ? 1 : exp) - 1075;
        if (neg) m = -m;
        return e >= 0 ? new(m << e, 1) : new(m, BigInteger.One << -e);
    }

    public static Rational operator +(Rational a, Rational b) =>
        a.Den.IsOne && b.Den.IsOne ? new(a.Num + b.Num, BigInteger.One, true)
        : a.Den == b.Den ? new(a.Num + b.Num, a.Den) : new(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
    public static Rational operator -(Rational a, Rational b) => new(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
    public static Rational operator *(Rational a, Rational b) =>
        a.Den.IsOne && b.Den.IsOne ? new(a.Num * b.Num, BigInteger.One, true)
        : a.IsOne ? b : b.IsOne ? a : new(a.Num * b.Num, a.Den * b.Den);
    public static Rational operator -(Rational a) => new(-a.Num, a.Den, true);
    public Rational Inverse() => new(Den, Num);

    public int CompareTo(Rational o) => (Num * o.Den).CompareTo(o.Num * Den);

    /// <summary>Nearest double (for messages and concrete replays only).</summary>
    public double ToDouble() => (double)Num / (double)Den;

    /// <summary>The exact square root when this is the square of a rational, else null.</summary>
    public Rational? ExactSqrt()
    {
        if (Num.Sign < 0) return null;
        var n = ISqrt(Num);
        var d = ISqrt(Den);
        return n * n == Num && d * d == Den ? new Rational(n, d) : null;
    }

    private static BigInteger ISqrt(BigInteger x)
    {
        if (x.IsZero) return 0;
        var r = (BigInteger)Math.Sqrt((double)x);
        while (r * r > x) r--;
        while ((r + 1) * (r + 1) <= x) r++;
        return r;
    }

    public override string ToString() => Den.IsOne ? Num.ToString() : $"{Num}/{Den}";
}
