using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Rule Bounded (the fallback for any pass): at each concrete size set (<see cref="BoundedSizes"/>), every
/// input element a fresh constant, both kernels evaluated symbolically in bit-precise IEEE; the claim is that every
/// element of each output is identical (SMT =). Records say sizes = the values used: never a proof for all sizes.
/// A load outside its tensor in the IR after, at those sizes, is its own obligation (claim false, refuted by replay).</summary>
internal static class BoundedRule
{
    public static (List<PlannedObligation>? Plan, string? Rejection) Plan(Kernel before, Kernel after, CheckContext ctx, string? sizesHint)
    {
        var (sizes, error) = BoundedSizes.For(after, sizesHint);
        if (sizes is null) return (null, error);
        var plan = new List<PlannedObligation>();
        foreach (var dims in sizes)
        {
            var inputs = new List<SmtConst>();
            var eb = new BoundedEvaluator();
            var ea = new BoundedEvaluator();
            Dictionary<string, Term[]> ob, oa;
            try
            {
                ob = eb.Run(before, dims, inputs);
                oa = ea.Run(after, dims, inputs);
            }
            catch (NotSupportedException e)
            {
                return (null, $"bounded rule: @{after.Name}: {e.Message}");
            }
            var tag = BoundedSizes.Tag(after, dims);
            var text = BoundedSizes.Text(after, dims);
            if (ea.OutOfBounds is { } oob)
            {
                var name = $"{after.Name}.bounded-in-bounds.{tag}";
                var o = new Obligation(name, inputs.ToEqArray(), EqArray<Term>.Empty, False);
                var rec = ctx.Record(name, after, after.Outputs[0].Name,
                    $"at {text} only: every load of the IR after is inside its tensor (found: {oob})", text,
                    "64-bit two's complement index arithmetic", "n/a");
                plan.Add(new PlannedObligation(o, rec, new OutOfBoundsCheck(before, after, dims)));
            }
            for (int k = 0; k < after.Outputs.Count; k++)
            {
                var output = after.Outputs[k];
                var tb = ob[before.Outputs[k].Name];
                var ta = oa[output.Name];
                var claim = And(tb.Select((t, e) => Eq(t, ta[e])).ToArray());
                var name = $"{after.Name}.{output.Name}.bounded.{tag}";
                var o = new Obligation(name, inputs.ToEqArray(), EqArray<Term>.Empty, claim);
                var rec = ctx.Record(name, after, output.Name,
                    $"at {text} only (not a proof for other sizes), for all input values: every element of {output.Name} "
                    + "computed by the IR after is bit for bit the value the IR before computes (SMT =: NaN = NaN, +0 != -0)",
                    text, $"IEEE {output.DType.Name()} bit-exact", "0 (bit-exact)");
                plan.Add(new PlannedObligation(o, rec, new DifferenceCheck(before, after, k, dims)));
            }
        }
        return (plan, null);
    }

    /// <summary>Input elements named by a model: in_&lt;p&gt;_&lt;offset&gt; → p[row-major index of offset].</summary>
    private static List<CounterexampleInput> Inputs(Kernel k, IReadOnlyDictionary<string, long> dims, Counterexample model)
    {
        var list = new List<CounterexampleInput>();
        foreach (var p in k.Params)
        {
            var shape = p.Type.Shape.Select(e => e.Evaluate(dims)).ToArray();
            long n = shape.Aggregate(1L, (a, b) => a * b);
            for (long off = 0; off < n; off++)
            {
                if (model.GetDouble(BoundedEvaluator.InputConst(p, off).Name) is not double v) continue;
                var idx = new long[shape.Length];
                long rest = off;
                for (int a = shape.Length - 1; a >= 0; a--) { idx[a] = rest % shape[a]; rest /= shape[a]; }
                list.Add(new CounterexampleInput(p.Name, idx.ToEqArray(), v));
            }
        }
        return list;
    }

    private sealed class DifferenceCheck(Kernel before, Kernel after, int output, Dictionary<string, long> dims) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            var req = new ReplayRequest(before, after, output, dims, null, Inputs(after, dims, refuted.Model), [Precision.Exact]);
            var cex = Replayer.FindDifference(req);
            return cex is null ? Replays.NotReplayed(null, TimeSpan.Zero) : (refuted, cex, TimeSpan.Zero);
        }
    }

    private sealed class OutOfBoundsCheck(Kernel before, Kernel after, Dictionary<string, long> dims) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
        {
            var cex = Replayer.FindOutOfBounds(before, after, 0, dims, EqArray<long>.Empty);
            return cex is null ? Replays.NotReplayed("the interpreter reports no out-of-bounds load", TimeSpan.Zero)
                : (refuted, cex, TimeSpan.Zero);
        }
    }
}
