namespace KernelC.IR;

/// <summary>The error function in binary64 (.NET has none). |error| &lt; 1e-14 everywhere.</summary>
public static class Erf
{
    private const double TwoOverSqrtPi = 1.1283791670955126; // 2/sqrt(pi)
    private const double OneOverSqrtPi = 0.5641895835477563; // 1/sqrt(pi)

    /// <summary>erf(x); odd: erf(-x) = -erf(x). |x| &lt; 2.5: the positive series
    /// erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)) (no cancellation);
    /// beyond: 1 - erfc(x) with erfc from its continued fraction.</summary>
    public static double Of(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x == 0) return x; // keeps the sign of zero
        double a = Math.Abs(x);
        double r = a < 2.5 ? Series(a) : a >= 6.5 ? 1.0 : 1.0 - ContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 - erf(x), accurate in relative terms for large positive x.</summary>
    public static double Complement(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < 2.5) return 1.0 - Of(x);
        return x > 27.3 ? 0.0 : ContinuedFraction(x);
    }

    // term_0 = x, term_n = term_{n-1} * 2x^2 / (2n+1); all terms positive
    private static double Series(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated backward
    private static double ContinuedFraction(double x)
    {
        double t = x;
        for (int n = 300; n >= 1; n--) t = x + n * 0.5 / t;
        return OneOverSqrtPi * Math.Exp(-x * x) / t;
    }
}
