using System.Globalization;
using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>One converted parameter named by a hint "param=[kernel.]p:fmt:mode": every load of p is to be read as
/// f32(round_mode_fmt(p[..])). Kernel null: the parameter p of every checked kernel that has one.</summary>
internal sealed record ConvertedParam(string? Kernel, string Param, DType Format, RoundingMode Mode)
{
    public bool AppliesTo(Kernel k) => (Kernel is null || Kernel == k.Name) && k.Params.Any(p => p.Name == Param);
}

/// <summary>The hints of a conversion certificate, read and validated by the checker (the pass only suggests):
///   param=[kernel.]p:fmt:mode  (repeatable)  fmt f16|bf16, mode rn|rz|rm|rp;
///   range=lo..hi               the declared range of |x| (default: the normal range of every format used);
///                              lo, hi are "2^e" or a decimal; hi must not exceed the format's max finite value;
///   tolerance=2^-k             the claimed relative bound (default: the bound the checker proves for the mode).</summary>
internal sealed record ConversionHints(IReadOnlyList<ConvertedParam> Params, double? Lo, double? Hi, int? ToleranceExponent)
{
    public const string ParamKey = "param", RangeKey = "range", ToleranceKey = "tolerance";

    public static (ConversionHints? Hints, string? Rejection) Read(Certificate cert, Module before, IReadOnlyList<Kernel> kernels)
    {
        var list = new List<ConvertedParam>();
        foreach (var h in cert.Hints.Where(h => h.Key == ParamKey))
        {
            var parts = h.Value.Split(':');
            if (parts.Length != 3) return Fail($"hint param={h.Value}: expected [kernel.]parameter:format:mode, e.g. q:f16:rn");
            var (kernel, name) = parts[0].Split('.') is [var kn, var pn] ? (kn, pn) : ((string?)null, parts[0]);
            if (!DTypes.TryParse(parts[1], out var fmt) || fmt is not (DType.F16 or DType.BF16))
                return Fail($"hint param={h.Value}: format '{parts[1]}' is not f16 or bf16");
            if (!RoundingModes.TryParse(parts[2], out var mode))
                return Fail($"hint param={h.Value}: rounding mode '{parts[2]}' is not rn, rz, rm or rp");
            var owners = before.Kernels.Where(k => kernel is null || k.Name == kernel).ToList();
            var ps = owners.SelectMany(k => k.Params.Where(p => p.Name == name)).ToList();
            if (ps.Count == 0) return Fail($"hint param={h.Value}: no kernel has a parameter '{name}'");
            if (ps.Any(p => p.DType != DType.F32)) return Fail($"hint param={h.Value}: parameter '{name}' is not f32");
            var cp = new ConvertedParam(kernel, name, fmt, mode);
            if (list.Any(c => c.Param == name && (c.Kernel is null || kernel is null || c.Kernel == kernel)))
                return Fail($"hint param={h.Value}: parameter '{parts[0]}' is named twice");
            list.Add(cp);
        }

        double? lo = null, hi = null;
        if (cert.Hint(RangeKey) is { } range)
        {
            var ends = range.Split("..");
            if (ends.Length != 2 || Number(ends[0]) is not { } l || Number(ends[1]) is not { } u || l < 0 || l > u)
                return Fail($"hint range={range}: expected lo..hi with 0 <= lo <= hi, each 2^e or a decimal (bounds on |x|)");
            foreach (var f in list.Select(c => c.Format).Distinct())
                if (u > FloatFormat.MaxFinite(f))
                    return Fail($"hint range={range}: the upper bound {Text(u)} is outside the {f.Name()} format "
                        + $"(largest finite value {Text(FloatFormat.MaxFinite(f))}): such inputs overflow the conversion");
            (lo, hi) = (l, u);
        }

        int? tol = null;
        if (cert.Hint(ToleranceKey) is { } t)
        {
            if (!t.StartsWith("2^-", StringComparison.Ordinal) || !int.TryParse(t[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                || k < 1 || k > 60)
                return Fail($"hint tolerance={t}: expected 2^-k with 1 <= k <= 60 (a relative bound)");
            tol = k;
        }
        return (new ConversionHints(list, lo, hi, tol), null);

        static (ConversionHints?, string?) Fail(string why) => (null, why);
    }

    /// <summary>"2^e" (|e| ≤ 1000) or an invariant decimal, finite; null otherwise.</summary>
    private static double? Number(string s)
    {
        if (s.StartsWith("2^", StringComparison.Ordinal))
            return int.TryParse(s[2..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) && Math.Abs(e) <= 1000
                ? Math.ScaleB(1.0, e) : null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
    }

    public static string Text(double v)
    {
        if (v > 0 && Math.ScaleB(1.0, (int)Math.Round(Math.Log2(v))) == v && (v < 1.0 / 1024 || v > 1 << 20))
            return $"2^{(int)Math.Round(Math.Log2(v))}";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
