using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>The VC generator of rule conversion (quantization: f16/bf16 storage, f32 arithmetic). From the IR
/// before, the IR after and the hints (<see cref="ConversionHints"/>) it generates:
///  1. per kernel and output, &lt;k&gt;.&lt;o&gt;.equal (+ load-in-bounds): the IR after equals, bit for bit and for all
///     sizes, the kernel the checker builds itself from the IR before and the param hints
///     (<see cref="ConversionExpected"/>: every load of a converted p read as f32(round_mode_fmt(p[..]))). A pass whose
///     IR rounds otherwise than its hint says, or that converts one load too few or too many, fails here;
///  2. per kernel and (format, mode) of its converted parameters, &lt;k&gt;.convert.&lt;fmt&gt;.&lt;mode&gt;.relative (and
///     .subnormal when the declared range reaches below the format's least normal value): the per-element error
///     bound of <see cref="ConversionBound"/>, in IEEE, for every f32 input in the range. The claimed tolerance is
///     the hint's (default: the bound the checker proves for the mode, 2^-p for rn and 2^(1-p) for directed modes);
///     a hint claiming less than holds is refuted with a concrete x;
///  3. the records state the consequence in plain words: a per-element input error, not an end-to-end bound.
/// Since obligation 1 ties the IR after to the hints' (format, mode) pairs, the bounds of 2 are about the
/// conversions the IR after really performs.
/// Int8 weights (param=w:i8:mode:group:L): 1 with the checker's quantize-dequantize expression
/// (<see cref="Int8Expected"/>), and instead of 2 the two obligations of <see cref="Int8Bound"/>:
/// &lt;k&gt;.convert.i8.scale&lt;L&gt; (the scale meets the premise for every weight of its group),
/// &lt;k&gt;.convert.i8.&lt;mode&gt;.quotient (|w/s − q| ≤ 1/2 + 2^-17) and &lt;k&gt;.convert.i8.product (|f32(q)·s − q·s| ≤
/// 2^-16·s), which together give |deq(w) − w| ≤ s/2·(1 + 2^-14); a delta hint below 2^-14 is rejected.</summary>
internal static class ConversionRule
{
    public static RulePlan Plan(Module before, Module after, IReadOnlyList<Kernel> kernels, Certificate cert, CheckContext ctx)
    {
        var (hints, why) = ConversionHints.Read(cert, before, kernels);
        if (hints is null) return RulePlan.Reject(why!);
        var plan = new List<PlannedObligation>();
        foreach (var k in kernels)
        {
            var kb = before.Find(k.Name)!;
            if ((CongruenceRule.Unsupported(kb) ?? CongruenceRule.Unsupported(k)) is { } loopOp)
                return RulePlan.Reject($"rule conversion does not support op {loopOp} (loop-level IR) in @{k.Name}: quantize before tiling");
            var mine = hints.Params.Where(c => c.AppliesTo(kb)).ToList();
            var weights = hints.Int8.Where(c => c.AppliesTo(kb)).ToList();
            var expected = ConversionExpected.Build(kb, mine, weights);
            var reads = mine.Select(c => $"{c.Param} read as f32({c.Format.Name()}.{c.Mode.Suffix()}({c.Param}[..]))")
                .Concat(weights.Select(c => $"{c.Param} read as f32(i8.{c.Mode.Suffix()}.sat({c.Param}[..] / s))·s, s = (m == 0 ? 1 : m / {c.Levels}), "
                    + $"m = max |{c.Param}| {c.GroupText}"));
            var described = mine.Count + weights.Count == 0 ? "the IR before" : "the IR before with every load of " + string.Join(", ", reads);
            plan.AddRange(CongruenceRule.Plan(expected, k, ctx, realsOnly: false, expectedText: described));

            foreach (var g in mine.GroupBy(c => (c.Format, c.Mode)))
            {
                var (fmt, mode) = g.Key;
                double lo = hints.Lo ?? ConversionBound.MinNormal(fmt);
                double hi = hints.Hi ?? FloatFormat.MaxFinite(fmt);
                int tol = hints.ToleranceExponent ?? ConversionBound.ProvableToleranceExponent(fmt, mode);
                plan.AddRange(ConversionBound.Plan(k, string.Join(", ", g.Select(c => c.Param)), fmt, mode, lo, hi, tol, ctx));
            }
            if (weights.Count > 0)
            {
                int delta = hints.DeltaExponent ?? Int8Bound.ProvableDeltaExponent;
                if (delta > Int8Bound.ProvableDeltaExponent)
                    return RulePlan.Reject($"hint delta=2^-{delta}: this checker proves |deq(w) - w| <= s/2·(1 + 2^-{Int8Bound.ProvableDeltaExponent}) "
                        + "for int8 weights, not a smaller δ");
                var all = string.Join(", ", weights.Select(c => c.Param));
                foreach (var g in weights.GroupBy(c => c.Levels).OrderBy(g => g.Key))
                    plan.Add(Int8Bound.Scale(k, string.Join(", ", g.Select(c => c.Param)), g.Key,
                        hints.AmaxLo ?? Int8Bound.DefaultAmaxLo, hints.AmaxHi ?? Int8Bound.DefaultAmaxHi, delta, ctx));
                foreach (var g in weights.GroupBy(c => c.Mode).OrderBy(g => g.Key))
                    plan.Add(Int8Bound.Quotient(k, string.Join(", ", g.Select(c => c.Param)), g.Key, delta, ctx));
                plan.Add(Int8Bound.Product(k, all, delta, ctx));
            }
        }
        return RulePlan.Of(plan);
    }
}
