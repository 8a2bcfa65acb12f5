using System.Globalization;
using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>The concrete sizes of the bounded rule. Chosen: per dimension the two smallest values in [1, 4096]
/// satisfying its where constraints; the sets "all smallest" and "all second smallest", each kept only if every
/// tensor of the kernel (parameters, intermediates, outputs) has at most <see cref="MaxChosenElements"/> elements.
/// Given by the hint sizes=N=2,D=64 (several sets separated by ';'): each set must give every dimension of the
/// kernel, satisfy its constraints, and keep every tensor at most <see cref="MaxHintElements"/> elements — else the
/// certificate is rejected.</summary>
internal static class BoundedSizes
{
    public const long MaxChosenElements = 64;
    public const long MaxHintElements = 4096;
    private const long SearchLimit = 4096;

    public static (List<Dictionary<string, long>>? Sizes, string? Error) For(Kernel k, string? hint)
    {
        if (hint is not null) return FromHint(k, hint);
        var perDim = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var d in k.Dims)
        {
            var cs = k.Constraints.Where(c => c.Dim == d).ToList();
            var vals = new List<long>();
            for (long v = 1; v <= SearchLimit && vals.Count < 2; v++)
                if (cs.All(c => c.Holds(v))) vals.Add(v);
            if (vals.Count == 0) return (null, $"@{k.Name}: no value of {d} in [1, {SearchLimit}] satisfies its constraints");
            perDim[d] = vals;
        }
        var sets = new List<Dictionary<string, long>>();
        for (int choice = 0; choice < 2; choice++)
        {
            var s = k.Dims.ToDictionary(d => d, d => perDim[d][Math.Min(choice, perDim[d].Count - 1)], StringComparer.Ordinal);
            if (MaxElements(k, s) <= MaxChosenElements && !sets.Any(x => Tag(k, x) == Tag(k, s))) sets.Add(s);
        }
        return sets.Count > 0 ? (sets, null)
            : (null, $"@{k.Name}: no sizes with at most {MaxChosenElements} elements per tensor satisfy the constraints; give them with the hint sizes=...");
    }

    private static (List<Dictionary<string, long>>?, string?) FromHint(Kernel k, string hint)
    {
        var sets = new List<Dictionary<string, long>>();
        foreach (var set in hint.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var given = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var kv in set.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = kv.Split('=');
                if (parts.Length != 2 || !long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                    return (null, $"hint sizes: '{kv}' is not DIM=VALUE");
                given[parts[0].Trim()] = v;
            }
            var s = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var d in k.Dims)
            {
                if (!given.TryGetValue(d, out var v)) return (null, $"hint sizes: '{set}' gives no value for {d} of @{k.Name}");
                if (v < 1) return (null, $"hint sizes: {d}={v} is below 1");
                s[d] = v;
            }
            foreach (var c in k.Constraints)
                if (!c.Holds(s[c.Dim])) return (null, $"hint sizes: {c.Dim}={s[c.Dim]} breaks the constraint {c} of @{k.Name}");
            if (MaxElements(k, s) > MaxHintElements)
                return (null, $"hint sizes: '{set}' gives a tensor of @{k.Name} more than {MaxHintElements} elements");
            sets.Add(s);
        }
        return sets.Count > 0 ? (sets, null) : (null, "hint sizes: no sizes given");
    }

    public static long MaxElements(Kernel k, IReadOnlyDictionary<string, long> dims)
    {
        long max = 1;
        foreach (var shape in k.Params.Concat(k.Outputs).Select(v => v.Type.Shape).Concat(k.Body.Select(c => c.Result.Type.Shape)))
        {
            if (!Tensor.TryElementCount(shape.Select(e => e.Evaluate(dims)), out var n)) return long.MaxValue;
            max = Math.Max(max, n);
        }
        return max;
    }

    /// <summary>File-name-safe tag: N2_D4 ("scalar" without dims).</summary>
    public static string Tag(Kernel k, IReadOnlyDictionary<string, long> s) =>
        k.Dims.Count == 0 ? "scalar" : string.Join("_", k.Dims.Select(d => d + s[d].ToString(CultureInfo.InvariantCulture)));

    /// <summary>Human text: "N=2, D=4".</summary>
    public static string Text(Kernel k, IReadOnlyDictionary<string, long> s) =>
        k.Dims.Count == 0 ? "no dimensions" : string.Join(", ", k.Dims.Select(d => $"{d}={s[d].ToString(CultureInfo.InvariantCulture)}"));
}
