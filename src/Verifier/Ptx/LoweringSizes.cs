using System.Globalization;
using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>The concrete sizes of the lowering check. Default: per dimension the smallest value ≥
/// <see cref="Target"/> satisfying its where constraints (33 exceeds one warp and one 32-wide tile by one, so a first
/// full and a partial last tile both run; a where clause such as N % 64 == 0 gives 64). The hint sizes=N=64,D=64
/// overrides (every dim, constraints hold). Either way every tensor must have at most <see cref="MaxElements"/>
/// elements, else the certificate is rejected.</summary>
public static class LoweringSizes
{
    public const long Target = 33;
    public const long MaxElements = 1 << 14;

    public static (Dictionary<string, long>? Dims, string? Error) For(Kernel k, string? hint)
    {
        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        if (hint is not null)
        {
            foreach (var kv in hint.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = kv.Split('=');
                if (parts.Length != 2 || !long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1)
                    return (null, $"hint sizes: '{kv}' is not DIM=VALUE with VALUE >= 1");
                dims[parts[0].Trim()] = v;
            }
            foreach (var d in k.Dims)
                if (!dims.ContainsKey(d)) return (null, $"hint sizes: no value for {d} of @{k.Name}");
            if (dims.Keys.FirstOrDefault(d => !k.Dims.Contains(d)) is { } extra) return (null, $"hint sizes: @{k.Name} has no dim {extra}");
            foreach (var c in k.Constraints)
                if (!c.Holds(dims[c.Dim])) return (null, $"hint sizes: {c.Dim}={dims[c.Dim]} breaks the constraint {c} of @{k.Name}");
        }
        else
        {
            foreach (var d in k.Dims)
            {
                var cs = k.Constraints.Where(c => c.Dim == d).ToList();
                long found = 0;
                for (long v = Target; v <= 4096 && found == 0; v++) if (cs.All(c => c.Holds(v))) found = v;
                for (long v = Target - 1; v >= 1 && found == 0; v--) if (cs.All(c => c.Holds(v))) found = v;
                if (found == 0) return (null, $"@{k.Name}: no value of {d} in [1, 4096] satisfies its constraints");
                dims[d] = found;
            }
        }
        foreach (var shape in k.Params.Concat(k.Outputs).Select(v => v.Type.Shape).Concat(k.Body.Select(c => c.Result.Type.Shape)))
            if (!Tensor.TryElementCount(shape.Select(e => e.Evaluate(dims)), out var n) || n > MaxElements)
                return (null, $"@{k.Name}: at {Text(k, dims)} a tensor has more than {MaxElements} elements; give smaller sizes with the hint sizes=...");
        return (dims, null);
    }

    /// <summary>"N=64, D=64".</summary>
    public static string Text(Kernel k, IReadOnlyDictionary<string, long> s) =>
        k.Dims.Count == 0 ? "no dimensions" : string.Join(", ", k.Dims.Select(d => $"{d}={s[d].ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>File-name-safe tag: N64_D64.</summary>
    public static string Tag(Kernel k, IReadOnlyDictionary<string, long> s) =>
        k.Dims.Count == 0 ? "scalar" : string.Join("_", k.Dims.Select(d => d + s[d].ToString(CultureInfo.InvariantCulture)));
}
