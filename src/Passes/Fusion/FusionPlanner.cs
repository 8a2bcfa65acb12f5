using KernelC.IR;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Fusion;

/// <summary>Decides and performs producer-consumer fusion in one kernel, to a fixed point. A non-output compute P
/// with consumers is inlined when
/// (a) P's body has no reduce (element-wise): into every consumer, at every load; or
/// (b) P has exactly one consumer C, which loads P exactly once, in C's top-level region, at exactly C's own index
///     variables in order (P[i1..in] in compute [i1..in]): one evaluation of P per element of C, nothing recomputed.
/// Each inlining is bit-exact (see <see cref="Inliner"/>); outputs are never removed.</summary>
public static class FusionPlanner
{
    /// <summary>The fused kernel; <paramref name="inlined"/> receives the inlined producers in order.</summary>
    public static Kernel Fuse(Kernel k, List<string> inlined)
    {
        var names = FreshNames.For(k);
        while (TryStep(k, names, out var next, out var producer))
        {
            k = next;
            inlined.Add(producer);
        }
        return k;
    }

    private static bool TryStep(Kernel k, FreshNames names, out Kernel next, out string producer)
    {
        var returned = new HashSet<string>(k.Returns.Select(r => r.Name), StringComparer.Ordinal);
        foreach (var p in k.Body)
        {
            var name = p.Result.Name;
            if (returned.Contains(name) || p.Body is null) continue;
            var consumers = k.Body.Where(c => c.Result.Name != name && IrWalk.Reads(c, name)).ToList();
            if (consumers.Count == 0) continue;
            bool elementwise = !IrWalk.HasReduce(p.Body);
            if (!elementwise && !(consumers.Count == 1 && IsOneToOne(name, consumers[0]))) continue;
            var result = k;
            foreach (var c in consumers) result = Inliner.Inline(result, name, c.Result.Name, names);
            // P is now unused and not an output: drop it (and only it).
            result = result with { Body = result.Body.Items.Where(c => c.Result.Name != name).ToEqArray() };
            next = result;
            producer = name;
            return true;
        }
        next = k;
        producer = "";
        return false;
    }

    /// <summary>Rule (b): C loads P once, at C's top level, with exactly C's index variables in order.</summary>
    public static bool IsOneToOne(string producer, Instr consumer)
    {
        var r = consumer.Body!;
        var loads = IrWalk.LoadsOf(r.Body, producer).ToList();
        if (loads.Count != 1 || !r.Body.Contains(loads[0])) return false;
        var at = loads[0].Args.Items.Skip(1).Select(a => a.Name).ToList();
        var own = r.Indices.Select(iv => iv.Var.Name).ToList();
        return at.SequenceEqual(own, StringComparer.Ordinal);
    }
}
