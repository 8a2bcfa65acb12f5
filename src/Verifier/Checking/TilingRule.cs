using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The VC generator of rule tiling (tensor level → parallel tiles, optionally split reductions). Per kernel,
/// from the two IRs alone (hints tiles=/k-tile= are informative and ignored):
///  1. &lt;k&gt;.&lt;tensor&gt;.axis&lt;j&gt;.{coverage,unique,no-overflow} and &lt;k&gt;.&lt;reduce&gt;.ksplit.{...}:
///     domain split in 32-bit bit-vectors for every parallel axis and every split reduction (TilingDomainSplit);
///  2. &lt;k&gt;.&lt;o&gt;.equal: every output element equals the element before — read from the tile at the canonical
///     origin (ElementExpander.EvalParallel), bit-exact IEEE; in the reals when a sum was split (stated so);
///  3. &lt;k&gt;.&lt;o&gt;.split&lt;n&gt;.{step,tail}: the split lemmas of every split reduction (TilingSplitLemmas);
///  4. &lt;k&gt;.&lt;o&gt;.load-in-bounds.&lt;n&gt;: every load of the tiled IR for o is in bounds;
///     &lt;k&gt;.&lt;p&gt;.tile-load-in-bounds.&lt;n&gt;: every load of every whole tile of each parallel p, overhang included
///     (TilingInBounds).</summary>
internal static class TilingRule
{
    public static RulePlan Plan(Module before, Module after, IReadOnlyList<Kernel> kernels, Certificate cert, CheckContext ctx)
    {
        var plan = new List<PlannedObligation>();
        foreach (var k in kernels)
        {
            var kb = before.Find(k.Name)!;
            if (CongruenceRule.Unsupported(kb) is { } op) return RulePlan.Reject($"rule tiling: the IR before must be tensor level; @{k.Name} has {op}");
            if (Shape(k) is { } why) return RulePlan.Reject($"rule tiling: @{k.Name}: {why}");
            bool splitSum = Splits(k).Any(r => r.Attrs.Reduction == ReduceKind.Sum);
            if (splitSum && (CongruenceRule.HasNonFiniteConstant(kb) || CongruenceRule.HasNonFiniteConstant(k)))
                return RulePlan.Reject($"rule tiling: @{k.Name} splits a sum (a claim in the reals) and uses an inf or nan constant, which has no real value");
            var seen = new HashSet<(Dim, Dim)>();
            foreach (var p in k.Body.Where(i => i.Op == Opcode.Parallel))
                for (int j = 0; j < p.Body!.Indices.Count; j++)
                {
                    var iv = p.Body.Indices[j];
                    if (seen.Add((iv.Step!, iv.Extent))) plan.AddRange(TilingDomainSplit.Plan(k, $"{p.Result.Name}.axis{j}", iv.Step!, iv.Extent, ctx));
                }
            foreach (var p in k.Body.Where(i => i.Op == Opcode.Parallel)) plan.AddRange(TilingInBounds.Plan(kb, k, p, ctx));
            foreach (var r in Splits(k))
            {
                var iv = r.Body!.Indices[0];
                if (seen.Add((iv.Step!, iv.Extent))) plan.AddRange(TilingDomainSplit.Plan(k, $"{r.Result.Name}.ksplit", iv.Step!, iv.Extent, ctx));
            }
            for (int o = 0; o < k.Outputs.Count; o++) plan.AddRange(Output(kb, k, o, splitSum ? ClaimSemantics.Reals : ClaimSemantics.Ieee, ctx));
        }
        return RulePlan.Of(plan);
    }

    private static IEnumerable<PlannedObligation> Output(Kernel before, Kernel after, int o, ClaimSemantics sem, CheckContext ctx)
    {
        var s = new SymbolicSpace(sem) { LiftIndexTerms = true };
        var output = after.Outputs[o];
        var shape = output.Type.Shape;
        var index = shape.Select((_, j) => Const("idx" + j, s.IndexSort)).ToEqArray();
        var assume = s.DimAssumptions(after);
        for (int j = 0; j < index.Count; j++) assume.Add(s.InRange(index[j], s.Extent(shape[j])));
        var decls = after.Dims.Select(s.Dim).Concat(index).ToEqArray();
        var eb = new ElementExpander(before, s);
        var ea = new ElementExpander(after, s);
        var tb = eb.Output(o, index.Items.Cast<Term>().ToList());
        // The index ranges (also assumptions) as the context: the expander then reads each clamped tile index as idx.
        var ranges = index.Select((c, j) => s.InRange(c, s.Extent(shape[j]))).ToEqArray();
        var ta = ea.Output(o, index.Items.Cast<Term>().ToList(), ranges);
        bool ieee = sem == ClaimSemantics.Ieee;
        var name = $"{after.Name}.{output.Name}.equal";
        var ix = string.Join(", ", index.Select(c => c.Name));
        var ob = new Obligation(name, decls, assume.ToEqArray(), Eq(tb, ta));
        var claim = $"for all {CongruenceRule.DimsText(after)}, and every index ({ix}) of {output.Name}: the element written by the tile at origin "
            + $"idx - idx mod step, offset idx mod step, "
            + (ieee ? "is bit for bit the value the IR before computes (SMT =: NaN = NaN, +0 != -0)"
                    : "equals the value the IR before computes in real arithmetic, given the split lemmas; IEEE bit-equality is NOT claimed (split sums regroup rounding)");
        var replay = new TilingReplay(before, after, ieee ? TilingReplay.Mode.BitExact : TilingReplay.Mode.Reals);
        yield return new PlannedObligation(ob, ctx.Record(name, after, output.Name, claim, "all",
            ieee ? $"IEEE {output.DType.Name()} bit-exact" : "reals",
            ieee ? "0 (bit-exact)" : "|tiled - flat| <= gamma_(K/TK + TK) * sum |x_k| per split sum (u = 2^-24 for f32; stated, not proved)"), replay);

        // Every recorded site gets its own lemmas (no de-duplication: two sites with the same name and context may
        // still differ in the environment their body is evaluated in; a memoised load records no second site anyway).
        var sites = ea.Splits;
        for (int n = 0; n < sites.Count; n++)
            foreach (var l in TilingSplitLemmas.Plan(before, after, output.Name, sites[n], n, s, decls, assume, ctx, replay)) yield return l;

        // In-bounds of the tiled IR's loads, in 64-bit index arithmetic (IEEE space: the interpreter's arithmetic).
        var si = new SymbolicSpace(ClaimSemantics.Ieee) { LiftIndexTerms = true };
        var index64 = shape.Select((_, j) => Const("idx" + j, si.IndexSort)).ToEqArray();
        var assume64 = si.DimAssumptions(after);
        for (int j = 0; j < index64.Count; j++) assume64.Add(si.InRange(index64[j], si.Extent(shape[j])));
        var decls64 = after.Dims.Select(si.Dim).Concat(index64).ToEqArray();
        var ei = new ElementExpander(after, si);
        if (ieee) ei = ea; // already expanded in this space
        else ei.Output(o, index64.Items.Cast<Term>().ToList(), index64.Select((c, j) => si.InRange(c, si.Extent(shape[j]))).ToEqArray());
        var seen = new HashSet<(Term, EqArray<Term>)>();
        int m = 0;
        var oob = new TilingReplay(before, after, TilingReplay.Mode.InBounds);
        foreach (var site in ei.Loads)
        {
            var cond = site.InBounds(ieee ? s : si);
            if (!seen.Add((cond, site.Context))) continue;
            var lname = $"{after.Name}.{output.Name}.load-in-bounds.{m++}";
            var lob = new Obligation(lname, ieee ? decls : decls64, (ieee ? assume : assume64).Concat(site.Context).ToEqArray(), cond);
            var at = string.Join(", ", site.Index.Select(SmtPrinter.Print));
            yield return new PlannedObligation(lob, ctx.Record(lname, after, output.Name,
                $"for all {CongruenceRule.DimsText(after)}: the load of %{site.Tensor.Name}[{at}] made in computing {output.Name} is inside {site.Tensor.Type} on every axis",
                "all", "64-bit two's complement index arithmetic", "n/a"), oob);
        }
    }

    /// <summary>The split reductions of k (SplitSite.Match), anywhere.</summary>
    private static IEnumerable<Instr> Splits(Kernel k)
    {
        static IEnumerable<Instr> In(IEnumerable<Instr> body)
        {
            foreach (var i in body)
            {
                if (SplitSite.Match(i) is not null) yield return i;
                if (i.Body is { } r) foreach (var x in In(r.Body)) yield return x;
            }
        }
        return In(k.Body);
    }

    /// <summary>Why the tiled kernel is outside what this rule's expander abstracts, or null: no for loops; every
    /// parallel yields a local compute of its own region; every stepped reduce is a split (SplitSite.Match).</summary>
    private static string? Shape(Kernel k)
    {
        static string? In(IEnumerable<Instr> body)
        {
            foreach (var i in body)
            {
                if (i.Op == Opcode.For) return $"for loop %{i.Result.Name} is not a tiling (use another rule)";
                if (i.Op == Opcode.Parallel && !i.Body!.Body.Any(x => x.Op == Opcode.Compute && x.Result == i.Body.Yield))
                    return $"parallel %{i.Result.Name} does not yield a local compute of its region";
                if (i.Op == Opcode.Reduce && i.Body!.Indices.Any(iv => iv.Step is not null) && SplitSite.Match(i) is null)
                    return $"stepped reduce %{i.Result.Name} is not outer[kb < K step S(const)] around one inner reduce of the same kind over a constant extent";
                if (i.Body is { } r && In(r.Body) is { } w) return w;
            }
            return null;
        }
        return In(k.Body);
    }
}
