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
///   tolerance=2^-k             the claimed relative bound (default: the bound the checker proves for the mode);
///   param=[kernel.]w:i8:mode:tensor|axisJ:L   an int8 weight (<see cref="Int8Param"/>), with
///   amax-range=lo..hi, delta=2^-k              its declared max|w| range and claimed δ (<see cref="Int8Bound"/>).</summary>
internal sealed record ConversionHints(IReadOnlyList<ConvertedParam> Params, double? Lo, double? Hi, int? ToleranceExponent)
{
    public const string ParamKey = "param", RangeKey = "range", ToleranceKey = "tolerance", AmaxRangeKey = "amax-range", DeltaKey = "delta";

    /// <summary>The int8 weights (param=[kernel.]w:i8:mode:tensor|axisJ:levels).</summary>
    public IReadOnlyList<Int8Param> Int8 { get; init; } = [];
    /// <summary>amax-range=lo..hi: the declared range of a nonzero max|w| of one scale group (0 is always allowed).</summary>
    public double? AmaxLo { get; init; }
    public double? AmaxHi { get; init; }
    /// <summary>delta=2^-k: the claimed δ of |deq(w) − w| ≤ s/2·(1 + δ).</summary>
    public int? DeltaExponent { get; init; }

    public static (ConversionHints? Hints, string? Rejection) Read(Certificate cert, Module before, IReadOnlyList<Kernel> kernels)
    {
        var list = new List<ConvertedParam>();
        var int8 = new List<Int8Param>();
        foreach (var h in cert.Hints.Where(h => h.Key == ParamKey))
        {
            var parts = h.Value.Split(':');
            if (parts.Length == 5 && parts[1] == "i8")
            {
                var (ip, why) = Int8Param.Read(h.Value, parts, before);
                if (ip is null) return Fail(why!);
                if (list.Any(c => c.Param == ip.Param) || int8.Any(c => c.Param == ip.Param && (c.Kernel is null || ip.Kernel is null || c.Kernel == ip.Kernel)))
                    return Fail($"hint param={h.Value}: parameter '{parts[0]}' is named twice");
                int8.Add(ip);
                continue;
            }
            if (parts.Length != 3) return Fail($"hint param={h.Value}: expected [kernel.]parameter:format:mode, e.g. q:f16:rn, or [kernel.]w:i8:mode:tensor|axisJ:levels");
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
            if (list.Any(c => c.Param == name && (c.Kernel is null || kernel is null || c.Kernel == kernel)) || int8.Any(c => c.Param == name))
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
        double? amaxLo = null, amaxHi = null;
        if (cert.Hint(AmaxRangeKey) is { } amax)
        {
            var ends = amax.Split("..");
            if (ends.Length != 2 || Number(ends[0]) is not { } l || Number(ends[1]) is not { } u || l <= 0 || l > u || u > float.MaxValue)
                return Fail($"hint amax-range={amax}: expected lo..hi with 0 < lo <= hi <= the largest f32, each 2^e or a decimal (bounds on a nonzero max|w| of a scale group)");
            (amaxLo, amaxHi) = (l, u);
        }
        int? delta = null;
        if (cert.Hint(DeltaKey) is { } d)
        {
            if (!d.StartsWith("2^-", StringComparison.Ordinal) || !int.TryParse(d[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                || k < 1 || k > 28)
                return Fail($"hint delta={d}: expected 2^-k with 1 <= k <= 28 (|deq(w) - w| <= s/2·(1 + δ))");
            delta = k;
        }
        if (int8.Count == 0 && (amaxLo is not null || delta is not null))
            return Fail("hints amax-range / delta are for int8 weights, but no param hint names one");
        return (new ConversionHints(list, lo, hi, tol) { Int8 = int8, AmaxLo = amaxLo, AmaxHi = amaxHi, DeltaExponent = delta }, null);

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
