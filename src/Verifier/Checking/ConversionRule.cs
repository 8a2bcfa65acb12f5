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
/// conversions the IR after really performs.</summary>
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
            var expected = ConversionExpected.Build(kb, mine);
            var described = mine.Count == 0 ? "the IR before"
                : "the IR before with every load of " + string.Join(", ", mine.Select(c => $"{c.Param} read as f32({c.Format.Name()}.{c.Mode.Suffix()}({c.Param}[..]))"));
            plan.AddRange(CongruenceRule.Plan(expected, k, ctx, realsOnly: false, expectedText: described));

            foreach (var g in mine.GroupBy(c => (c.Format, c.Mode)))
            {
                var (fmt, mode) = g.Key;
                double lo = hints.Lo ?? ConversionBound.MinNormal(fmt);
                double hi = hints.Hi ?? FloatFormat.MaxFinite(fmt);
                int tol = hints.ToleranceExponent ?? ConversionBound.ProvableToleranceExponent(fmt, mode);
                plan.AddRange(ConversionBound.Plan(k, string.Join(", ", g.Select(c => c.Param)), fmt, mode, lo, hi, tol, ctx));
            }
        }
        return RulePlan.Of(plan);
    }
}
