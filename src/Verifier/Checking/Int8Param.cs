using System.Globalization;
using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>One int8 weight named by a hint "param=[kernel.]w:i8:mode:group:L": every load of w[a..] is to be read
/// as deq = f32(q)·s with q = cvt.mode.sat.s8(w[a..] ÷ s), s = (m == 0 ? 1 : m ÷ L), m = max |w| over the scale
/// group of a.. — group "tensor" (all of w) or "axisJ" (every element whose index on axis J is a_J). Kernel null:
/// the parameter w of every checked kernel that has one.</summary>
internal sealed record Int8Param(string? Kernel, string Param, RoundingMode Mode, int? Axis, int Levels)
{
    public bool AppliesTo(Kernel k) => (Kernel is null || Kernel == k.Name) && k.Params.Any(p => p.Name == Param);

    public string GroupText => Axis is int a ? $"per channel (axis {a})" : "per tensor";

    /// <summary>Reads parts = [kernel.]w, "i8", mode, group, L; checks w is an f32 parameter of rank ≥ 1 (≥ 2 with a
    /// channel axis, the axis inside the rank) and 1 ≤ L ≤ 255 (the scale obligation refutes a divisor that saturates).</summary>
    public static (Int8Param?, string?) Read(string text, string[] parts, Module before)
    {
        var (kernel, name) = parts[0].Split('.') is [var kn, var pn] ? (kn, pn) : ((string?)null, parts[0]);
        if (!RoundingModes.TryParse(parts[2], out var mode))
            return (null, $"hint param={text}: rounding mode '{parts[2]}' is not rn, rz, rm or rp");
        int? axis = null;
        if (parts[3].StartsWith("axis", StringComparison.Ordinal)
            && int.TryParse(parts[3][4..], NumberStyles.None, CultureInfo.InvariantCulture, out var ax) && ax < 64)
            axis = ax;
        else if (parts[3] != "tensor")
            return (null, $"hint param={text}: scale group '{parts[3]}' is not 'tensor' or 'axisJ'");
        if (!int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var levels) || levels < 1 || levels > 255)
            return (null, $"hint param={text}: levels '{parts[4]}' is not an integer in 1..255 (the divisor of max|w|; the scale obligation decides which are sound)");
        var ps = before.Kernels.Where(k => kernel is null || k.Name == kernel).SelectMany(k => k.Params.Where(p => p.Name == name)).ToList();
        if (ps.Count == 0) return (null, $"hint param={text}: no kernel has a parameter '{name}'");
        if (ps.Any(p => p.DType != DType.F32)) return (null, $"hint param={text}: parameter '{name}' is not f32");
        if (ps.Any(p => p.Type.Shape.Count < (axis is int a ? Math.Max(2, a + 1) : 1)))
            return (null, $"hint param={text}: parameter '{name}' has no axis {parts[3]} with another axis to reduce over (or is a scalar)");
        return (new Int8Param(kernel, name, mode, axis, levels), null);
    }
}
