using KernelC.IR;

namespace KernelC.Passes.Rewriting;

/// <summary>Inlines a top-level Compute P into a consumer: each <c>%t = load %P[a1..an]</c> is replaced by a copy
/// of P's region body in which P's index variables are replaced by a1..an and every value P's body defines
/// (results, nested index variables) gets a fresh name; later uses of %t use the copy's yield instead.
/// Identity (element-wise, given the original load is in bounds): P[a1..an] = body_P[i1:=a1..in:=an], so the
/// consumer computes the same IEEE operations in the same order — the rewrite is bit-exact.
/// The input kernel is never changed; P itself stays (see <see cref="DeadComputes"/>).</summary>
public static class Inliner
{
    /// <summary>Inlines every load of <paramref name="producer"/> in the compute <paramref name="consumer"/> of
    /// kernel <paramref name="k"/>. Both must be top-level computes of k.</summary>
    public static Kernel Inline(Kernel k, string producer, string consumer, FreshNames names)
    {
        var p = FindCompute(k, producer);
        int ci = IndexOf(k, consumer);
        var c = k.Body[ci];
        if (ci <= IndexOf(k, producer)) throw new ArgumentException($"consumer %{consumer} is not after producer %{producer}");
        var s = Substitution.Empty;
        var body = InlineLoads(c.Body!, p, names, ref s);
        return k with { Body = k.Body.SetItem(ci, c with { Body = body }) };
    }

    /// <summary>The region with every load of <paramref name="producer"/> (at any depth) replaced by a copy of the
    /// producer's body. <paramref name="s"/> maps replaced load results to the copies' yields; it is threaded
    /// through nested regions (names are unique per kernel, so one map serves the whole region).</summary>
    public static Region InlineLoads(Region region, Instr producer, FreshNames names, ref Substitution s)
    {
        var pr = producer.Body ?? throw new ArgumentException($"%{producer.Result.Name} has no region");
        var output = new List<Instr>(region.Body.Count);
        foreach (var original in region.Body)
        {
            var i = original with { Args = original.Args.Map(s.Apply) };
            if (i.Op == Opcode.Load && i.Args.Count > 0 && i.Args[0].Name == producer.Result.Name)
            {
                var (copy, yield) = Instantiate(pr, i.Args.Items.Skip(1).ToList(), names);
                if (yield.Type != i.Result.Type)
                    throw new InvalidOperationException($"load %{i.Result.Name} has type {i.Result.Type} but %{producer.Result.Name} yields {yield.Type}");
                output.AddRange(copy);
                s = s.With(i.Result, yield);
                continue;
            }
            if (i.Body is { } inner) i = i with { Body = InlineLoads(inner, producer, names, ref s) };
            output.Add(i);
        }
        return new Region(region.Indices, output.ToEqArray(), s.Apply(region.Yield));
    }

    /// <summary>A copy of a compute region's body at the given index values: index variables replaced by
    /// <paramref name="at"/>, every definition renamed fresh. Returns the instructions and the copy's yield.</summary>
    public static (IReadOnlyList<Instr> Body, Value Yield) Instantiate(Region r, IReadOnlyList<Value> at, FreshNames names)
    {
        if (at.Count != r.Indices.Count)
            throw new ArgumentException($"{at.Count} index values for a region of rank {r.Indices.Count}");
        var s = Substitution.Empty;
        for (int k = 0; k < at.Count; k++) s = s.With(r.Indices[k].Var, at[k]);
        foreach (var d in IrWalk.BodyDefinitions(r.Body)) s = s.With(d, names.Fresh(d));
        return (r.Body.Items.Select(s.Apply).ToList(), s.Apply(r.Yield));
    }

    public static Instr FindCompute(Kernel k, string name) => k.Body[IndexOf(k, name)];

    public static int IndexOf(Kernel k, string name)
    {
        for (int i = 0; i < k.Body.Count; i++)
            if (k.Body[i].Result.Name == name) return i;
        throw new ArgumentException($"kernel @{k.Name} has no compute %{name}");
    }
}
