using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Rule Congruence (fusion): for ALL dimension values allowed by the where clause, every element of every
/// output is the same before and after. Per kernel and output it generates, from the two IRs alone:
///  - &lt;k&gt;.&lt;o&gt;.equal: o_before(idx) = o_after(idx) in bit-precise IEEE (SMT `=`: NaN = NaN, +0 ≠ -0); when it
///    is not proved, &lt;k&gt;.&lt;o&gt;.equal-reals states the same in real arithmetic and is reported beside it (it
///    never replaces it). The hint claim=reals asks for the real-number claim only;
///  - &lt;k&gt;.&lt;o&gt;.load-in-bounds.&lt;n&gt;: every load the IR after performs for o is inside its tensor.</summary>
internal static class CongruenceRule
{
    public static List<PlannedObligation> Plan(Kernel before, Kernel after, CheckContext ctx, bool realsOnly) =>
        Plan(before, after, ctx, realsOnly, expectedText: null);

    /// <summary>The same obligations with <paramref name="before"/> a kernel the calling rule built itself (e.g. rule
    /// conversion's expected kernel), described in the claims as <paramref name="expectedText"/>; when that is given,
    /// only the IEEE claim is planned (no reals fallback: it would ignore exactly the roundings the caller checks).</summary>
    public static List<PlannedObligation> Plan(Kernel before, Kernel after, CheckContext ctx, bool realsOnly, string? expectedText)
    {
        var plan = new List<PlannedObligation>();
        for (int o = 0; o < after.Outputs.Count; o++)
        {
            if (expectedText is not null)
            {
                plan.Add(Equal(before, after, o, ctx, ClaimSemantics.Ieee, expectedText));
                plan.AddRange(InBounds(before, after, o, ctx));
                continue;
            }
            if (realsOnly)
            {
                plan.Add(Equal(before, after, o, ctx, ClaimSemantics.Reals));
                continue;
            }
            var eq = Equal(before, after, o, ctx, ClaimSemantics.Ieee);
            if (!HasNonFiniteConstant(before) && !HasNonFiniteConstant(after))
                eq = eq with { Fallback = Equal(before, after, o, ctx, ClaimSemantics.Reals) };
            plan.Add(eq);
            plan.AddRange(InBounds(before, after, o, ctx));
        }
        return plan;
    }

    /// <summary>The first loop-level construct of k the element expander cannot abstract (parallel, for, a local
    /// compute, a stepped index variable) as "op %value", or null for tensor-level IR.</summary>
    public static string? Unsupported(Kernel k)
    {
        static string? In(IEnumerable<Instr> body, bool top)
        {
            foreach (var i in body)
            {
                if (i.Op is Opcode.Parallel or Opcode.For || (i.Op == Opcode.Compute && !top)) return $"{i.Op.Mnemonic()} (%{i.Result.Name})";
                if (i.Body is { } r && r.Indices.FirstOrDefault(iv => iv.Step is not null) is { } stepped)
                    return $"{i.Op.Mnemonic()} with a stepped index (%{stepped.Var.Name})";
                if (i.Body is { } rb && In(rb.Body, false) is { } inner) return inner;
            }
            return null;
        }
        return In(k.Body, true);
    }

    /// <summary>A float constant ±inf or NaN has no value in the reals: the real claim cannot be stated.</summary>
    public static bool HasNonFiniteConstant(Kernel k)
    {
        static bool Any(IEnumerable<Instr> body) => body.Any(i =>
            (i.Op == Opcode.Const && i.Result.DType.IsFloat() && !double.IsFinite(i.Attrs.Number))
            || (i.Body is { } r && Any(r.Body)));
        return Any(k.Body);
    }

    private sealed record Setup(SymbolicSpace Space, EqArray<SmtConst> Index, EqArray<SmtConst> Declarations,
        List<Term> Assumptions, ElementExpander Before, ElementExpander After, Term ValueBefore, Term ValueAfter);

    private static Setup Build(Kernel before, Kernel after, int o, ClaimSemantics sem)
    {
        var s = new SymbolicSpace(sem);
        var shape = after.Outputs[o].Type.Shape;
        var index = shape.Select((_, j) => Const("idx" + j, s.IndexSort)).ToEqArray();
        var assumptions = s.DimAssumptions(after);
        for (int j = 0; j < index.Count; j++) assumptions.Add(s.InRange(index[j], s.Extent(shape[j])));
        var decls = after.Dims.Select(s.Dim).Concat(index).ToEqArray();
        var eb = new ElementExpander(before, s);
        var ea = new ElementExpander(after, s);
        var tb = eb.Output(o, index.Items.Cast<Term>().ToList());
        var ta = ea.Output(o, index.Items.Cast<Term>().ToList());
        return new Setup(s, index, decls, assumptions, eb, ea, tb, ta);
    }

    private static PlannedObligation Equal(Kernel before, Kernel after, int o, CheckContext ctx, ClaimSemantics sem,
        string beforeText = "the IR before")
    {
        var st = Build(before, after, o, sem);
        var output = after.Outputs[o];
        bool ieee = sem == ClaimSemantics.Ieee;
        var name = $"{after.Name}.{output.Name}.{(ieee ? "equal" : "equal-reals")}";
        var ob = new Obligation(name, st.Declarations, st.Assumptions.ToEqArray(), Eq(st.ValueBefore, st.ValueAfter));
        var ix = string.Join(", ", st.Index.Select(c => c.Name));
        var claim = $"for all {DimsText(after)}, and every index ({ix}) of {output.Name}: {output.Name}[{ix}] computed by the IR after "
            + (ieee ? $"is bit for bit the value {beforeText} computes (SMT =: NaN = NaN, +0 != -0)"
                    : $"equals the value {beforeText} computes in real arithmetic (rounding ignored)");
        var record = ctx.Record(name, after, output.Name, claim, "all",
            ieee ? $"IEEE {output.DType.Name()} bit-exact" : "reals",
            ieee ? "0 (bit-exact)" : "none established: floating-point results may differ");
        var sites = st.Before.Loads.Concat(st.After.Loads).Where(l => l.IsParam && !MentionsPlaceholder(st.Space, l)).ToList();
        var replay = new SymbolicReplay(st.Space, after, ob, st.Index, sites);
        // IEEE claims replay in the program's own arithmetic; a reals claim only in binary64 and only a difference far
        // beyond binary64 rounding counts (Replayer.RealsMargin): rounding noise is no counterexample in reals.
        var precisions = ieee ? new[] { Precision.Exact } : new[] { Precision.F64 };
        return new PlannedObligation(ob, record, new EqualityCheck(replay, before, after, o, precisions));
    }

    private static IEnumerable<PlannedObligation> InBounds(Kernel before, Kernel after, int o, CheckContext ctx)
    {
        var st = Build(before, after, o, ClaimSemantics.Ieee);
        var output = after.Outputs[o];
        var seen = new HashSet<(Term, EqArray<Term>)>();
        int n = 0;
        foreach (var site in st.After.Loads)
        {
            var cond = site.InBounds(st.Space);
            if (!seen.Add((cond, site.Context))) continue;
            var name = $"{after.Name}.{output.Name}.load-in-bounds.{n++}";
            var ob = new Obligation(name, st.Declarations, st.Assumptions.Concat(site.Context).ToEqArray(), cond);
            var at = string.Join(", ", site.Index.Select(SmtPrinter.Print));
            var claim = $"for all {DimsText(after)}: the load of %{site.Tensor.Name}[{at}] made in computing {output.Name} "
                + $"is inside {site.Tensor.Type} on every axis";
            var record = ctx.Record(name, after, output.Name, claim, "all", "64-bit two's complement index arithmetic", "n/a");
            var replay = new SymbolicReplay(st.Space, after, ob, st.Index, []);
            yield return new PlannedObligation(ob, record, new InBoundsCheck(replay, before, after, o));
        }
    }

    private static bool MentionsPlaceholder(SymbolicSpace s, LoadSite l) =>
        l.Index.Any(t => TermRewriter.Constants(t, s.Placeholders.Contains).Count > 0);

    public static string DimsText(Kernel k)
    {
        if (k.Dims.Count == 0) return "inputs";
        var text = $"{string.Join(", ", k.Dims)} with 1 <= each <= 2^31";
        return k.Constraints.Count == 0 ? text : text + " and " + string.Join(", ", k.Constraints);
    }

    private sealed class EqualityCheck(SymbolicReplay replay, Kernel before, Kernel after, int output, Precision[] precisions)
        : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            var (model, inputs, time) = replay.Witness(refuted, options);
            if (model is null || replay.Concrete(model) is not { } c) return Replays.NotReplayed("no concrete dims", time);
            // The model's dims first; then each dim grown to the largest valid value ≤ max(8, its smallest valid
            // value) (the model's inputs and index stay in bounds): a fold may need more than one element to differ.
            foreach (var dims in new[] { c.Dims, SymbolicReplay.Grown(after, c.Dims) }.Distinct(DimsComparer.Instance))
            {
                var cex = Replayer.FindDifference(new ReplayRequest(before, after, output, dims, c.Index, inputs, precisions)
                    { Reals = precisions[0] == Precision.F64 });
                if (cex is not null) return (new Verdict.Refuted(model), cex, time);
            }
            return Replays.NotReplayed(null, time);
        }
    }

    private sealed class DimsComparer : IEqualityComparer<Dictionary<string, long>>
    {
        public static readonly DimsComparer Instance = new();
        public bool Equals(Dictionary<string, long>? a, Dictionary<string, long>? b) =>
            a is not null && b is not null && a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
        public int GetHashCode(Dictionary<string, long> d) => d.Count;
    }

    private sealed class InBoundsCheck(SymbolicReplay replay, Kernel before, Kernel after, int output) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            var (model, _, time) = replay.Witness(refuted, options);
            if (model is null || replay.Concrete(model) is not { } c) return Replays.NotReplayed("no concrete dims", time);
            var cex = Replayer.FindOutOfBounds(before, after, output, c.Dims, c.Index);
            return cex is null ? Replays.NotReplayed("the interpreter reports no out-of-bounds load", time)
                : (new Verdict.Refuted(model), cex, time);
        }
    }
}
