using KernelC.IR;

namespace KernelC.Passes.Rewriting;

/// <summary>Removes computes whose result no live compute loads. Live = returned (outputs are never removed), or
/// loaded by a live compute. One backward sweep suffices: a compute only loads computes defined before it.</summary>
public static class DeadComputes
{
    public static Kernel Remove(Kernel k) => Remove(k, out _);

    /// <param name="removed">The names of the removed computes, in definition order.</param>
    public static Kernel Remove(Kernel k, out IReadOnlyList<string> removed)
    {
        var live = new HashSet<string>(k.Returns.Select(r => r.Name), StringComparer.Ordinal);
        var keep = new bool[k.Body.Count];
        for (int i = k.Body.Count - 1; i >= 0; i--)
        {
            var c = k.Body[i];
            if (!live.Contains(c.Result.Name)) continue;
            keep[i] = true;
            if (c.Body is { } r) live.UnionWith(IrWalk.TensorsRead(r));
        }
        removed = k.Body.Items.Where((_, i) => !keep[i]).Select(c => c.Result.Name).ToList();
        if (removed.Count == 0) return k;
        return k with { Body = k.Body.Items.Where((_, i) => keep[i]).ToEqArray() };
    }
}
