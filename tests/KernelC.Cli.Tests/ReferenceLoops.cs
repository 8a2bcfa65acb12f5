namespace KernelC.Cli.Tests;

/// <summary>Plain C# loops in binary64 for every example: the independent statement of what each computes.
/// Arrays are row-major.</summary>
public static class ReferenceLoops
{
    public static double[] Attention(double[] q, double[] k, double[] v, int n, int d, bool causal)
    {
        var o = new double[n * d];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            double m = double.NegativeInfinity;
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int c = 0; c < d; c++) dot += q[i * d + c] * k[j * d + c];
                s[j] = causal && j > i ? double.NegativeInfinity : dot / Math.Sqrt(d);
                m = Math.Max(m, s[j]);
            }
            double l = 0;
            for (int j = 0; j < n; j++) { s[j] = Math.Exp(s[j] - m); l += s[j]; }
            for (int c = 0; c < d; c++)
            {
                double acc = 0;
                for (int j = 0; j < n; j++) acc += s[j] * v[j * d + c];
                o[i * d + c] = acc / l;
            }
        }
        return o;
    }

    public static double[] Softmax(double[] x, int r, int c)
    {
        var y = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            double m = double.NegativeInfinity;
            for (int j = 0; j < c; j++) m = Math.Max(m, x[i * c + j]);
            double l = 0;
            for (int j = 0; j < c; j++) l += Math.Exp(x[i * c + j] - m);
            for (int j = 0; j < c; j++) y[i * c + j] = Math.Exp(x[i * c + j] - m) / l;
        }
        return y;
    }

    public static double[] LayerNorm(double[] x, double[] gamma, double[] beta, int r, int c, double eps)
    {
        var y = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            double mean = 0;
            for (int j = 0; j < c; j++) mean += x[i * c + j];
            mean /= c;
            double var = 0;
            for (int j = 0; j < c; j++) var += (x[i * c + j] - mean) * (x[i * c + j] - mean);
            var /= c;
            for (int j = 0; j < c; j++) y[i * c + j] = (x[i * c + j] - mean) / Math.Sqrt(var + eps) * gamma[j] + beta[j];
        }
        return y;
    }

    public static double[] RmsNorm(double[] x, double[] gamma, int r, int c, double eps)
    {
        var y = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            double ss = 0;
            for (int j = 0; j < c; j++) ss += x[i * c + j] * x[i * c + j];
            double rms = Math.Sqrt(ss / c + eps);
            for (int j = 0; j < c; j++) y[i * c + j] = x[i * c + j] / rms * gamma[j];
        }
        return y;
    }

    public static double[] Matmul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double acc = 0;
                for (int p = 0; p < k; p++) acc += a[i * k + p] * b[p * n + j];
                c[i * n + j] = acc;
            }
        return c;
    }

    /// <summary>gelu(x) = x/2 * (1 + erf(x / sqrt 2)), erf from its Taylor series (|x| is small in the tests).</summary>
    public static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    public static double Erf(double x)
    {
        if (Math.Abs(x) > 3) return Math.Sign(x) * (1 - ErfcTail(Math.Abs(x)));
        // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
        double sum = 0, term = x;
        for (int n = 0; n < 100; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static double ErfcTail(double x)
    {
        // erfc(x) = exp(-x^2)/(x sqrt(pi)) * (1 - 1/(2x^2) + 3/(4x^4) - ...), asymptotic; enough beyond 3 for tests
        double s = 1, t = 1;
        for (int n = 1; n < 10; n++) { t *= -(2 * n - 1) / (2 * x * x); s += t; }
        return Math.Exp(-x * x) / (x * Math.Sqrt(Math.PI)) * s;
    }

    public static double[] GeluMlp(double[] x, double[] w1, double[] w2, int r, int c, int h)
    {
        var hid = Matmul(x, w1, r, c, h);
        for (int i = 0; i < hid.Length; i++) hid[i] = Gelu(hid[i]);
        return Matmul(hid, w2, r, h, c);
    }
}
