using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;
using KernelC.Verifier.Ptx;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Rule Lowering (IR → PTX): at concrete sizes (<see cref="LoweringSizes"/>), the IR kernel is evaluated with
/// the IR's own <see cref="KernelEvaluator{T}"/> and the PTX program is executed block by block with the PTX
/// semantics table (<see cref="LoweringExecution"/>), both over ONE <see cref="RealFormDomain"/> with the same
/// input constants. Integers and addresses are concrete, so every memory access is checked concretely (a fault is a
/// refuted obligation naming the address); float values are exact reals in normal form.
/// Obligations per kernel: `&lt;k&gt;.&lt;o&gt;.lowering.&lt;tag&gt;` per output — PTX value = IR value (Real `=`) for the elements the
/// first and the last block wrote and for EVERY element whose normal forms differ; every other element has
/// identical normal forms on both sides (equal reals by the normal form's identities; the record counts them);
/// `&lt;k&gt;.lowering-memory.&lt;tag&gt;` (claim false) when the run faulted, an output element was never written, an input was
/// written, or two blocks of one launch stored one element.</summary>
internal static class LoweringRule
{
    /// <summary>How many elements of each output the first and the last writing block contribute, at most (the first
    /// and the last each stored): the solver's sample; every other element is compared by normal form.</summary>
    private const int PerBlock = 2;
    /// <summary>How many elements with differing normal forms go into an obligation, at most (one refutes).</summary>
    private const int MaxDiffering = 16;

    public const string Semantics =
        "reals: every f32 rounding ignored (reductions may be reordered); exp/sqrt/... uninterpreted; "
        + "ex2.approx.f32(y) identified with exp(y / f32(log2 e))";

    /// <summary>Added to a record's semantics and tolerance when the kernel uses erf (<see cref="ErfDefinition"/>), and
    /// when the PTX uses lg2.approx / tanh.approx (their identifications, <see cref="LoweringPtxDomain"/>).</summary>
    private static string WithApprox(RealFormDomain real, LoweringPtxDomain ptx, string text) =>
        text + (real.ErfApplied ? "; " + ErfDefinition.Statement : "")
        + (ptx.Lg2Applied ? "; " + LoweringPtxDomain.Lg2Statement : "")
        + (ptx.TanhApplied ? "; " + LoweringPtxDomain.TanhStatement : "");

    /// <summary>The record's semantics: <see cref="Semantics"/>, the identifications and the integer rounding when used.</summary>
    private static string SemanticsOf(RealFormDomain real, LoweringPtxDomain ptx) =>
        WithApprox(real, ptx, Semantics) + (real.Rounding.Used ? "; " + RoundedIntRules.Statement : "");

    public const string Tolerance =
        "not established for f32 (rounding and reordering ignored); each exp lowered as ex2.approx.f32(x*f32(log2 e)) "
        + "carries a relative error <= 2^-22 + 1.4e-8*|x| (stated, not proved)";

    public static RulePlan Plan(Kernel k, PtxModule module, LoweringProgram program, CheckContext ctx, string? sizesHint)
    {
        if (LoweringInterface.Check(k, program, module) is { } bad) return RulePlan.Reject("lowering: " + bad);
        var (dims, sizeError) = LoweringSizes.For(k, sizesHint);
        if (dims is null) return RulePlan.Reject("lowering: " + sizeError);
        var sizes = "bounded: " + LoweringSizes.Text(k, dims);
        var tag = LoweringSizes.Tag(k, dims);

        if (LoweringExecution.TooLarge(program, dims) is { } tooLarge)
            return RulePlan.Reject($"lowering: @{k.Name}: the program file is too large to execute at {sizes}: {tooLarge}");

        var forms = new RealForms();
        var real = new RealFormDomain(forms);
        var ptx = new LoweringPtxDomain(real);
        Dictionary<string, SymVal[]> ir;
        try { ir = RunIr(k, dims, real); }
        catch (NotSupportedException e) { return RulePlan.Reject($"lowering: @{k.Name}: the IR cannot be evaluated in the reals at {sizes}: {e.Message}"); }
        if (ir.Count == 0) return RulePlan.Reject($"lowering: @{k.Name}: the IR itself loads outside a tensor at {sizes}");

        LoweringExecution run;
        try { run = LoweringExecution.Run(k, module, program, dims, ptx, PtxRunOptions.Default); }
        catch (NotSupportedException e) { return RulePlan.Reject($"lowering: @{k.Name}: the PTX computes something the reals model cannot represent: {e.Message}"); }

        var plan = new List<PlannedObligation>();
        var memoryProblem = MemoryProblem(run, k, program, dims);
        if (memoryProblem.Reject is { } rj) return RulePlan.Reject($"lowering: @{k.Name}: {rj}");
        if (memoryProblem.Refute is { } problem)
        {
            var name = $"{k.Name}.lowering-memory.{tag}";
            var o = new Obligation(name, EqArray<SmtConst>.Empty, EqArray<Term>.Empty, False);
            var rec = ctx.Record(name, k, k.Outputs[0].Name,
                $"at {sizes} only: every global access of the PTX is inside a buffer, aligned and of whole elements; inputs are not written; "
                + $"every output element is stored, by one block per launch (found: {problem})", sizes,
                "concrete addresses (they depend on no input value)", "n/a");
            plan.Add(new PlannedObligation(o, rec, new FaultCheck(dims, k.Outputs[0].Name, problem)));
            return RulePlan.Of(plan);
        }

        foreach (var output in k.Outputs)
        {
            var buf = run.Memory.Buffers.First(b => b.Name == output.Name);
            var irData = ir[output.Name];
            var ptxData = new SymVal[buf.Count];
            for (long e = 0; e < buf.Count; e++) ptxData[e] = SlotValue(ptx, buf.Slots[e], buf.Type);
            var (selected, identical, differing) = Select(buf, ptxData, irData);
            var conj = selected.Select(e => Same(forms, ptxData[e], irData[e])).ToArray();
            var claim = And(conj);
            var decls = TermRewriter.Constants(claim, _ => true);
            var name = $"{k.Name}.{output.Name}.lowering.{tag}";
            var o = new Obligation(name, decls.ToEqArray(), EqArray<Term>.Empty, claim);
            var rec = ctx.Record(name, k, output.Name,
                $"at {sizes} only (not a proof for other sizes), for all real input values: the PTX program ({program.Launches.Count} launch(es), "
                + $"executed block by block) stores in {output.Name} the value the IR computes. Checked by the solver: {selected.Count} element(s) "
                + $"(those the first and the last writing block stored, and the {differing} whose normal forms differ); "
                + $"the other {identical} element(s) have identical normal forms (equal by the identities of real arithmetic)",
                sizes, SemanticsOf(real, ptx), WithApprox(real, ptx, Tolerance));
            plan.Add(new PlannedObligation(o, rec, new LoweringReplay(k, module, program, dims, output.Name)));
        }
        return RulePlan.Of(plan);
    }

    private static Dictionary<string, SymVal[]> RunIr(Kernel k, IReadOnlyDictionary<string, long> dims, RealFormDomain real)
    {
        var eval = new KernelEvaluator<SymVal>(k, real, dims, v => v is SymVal.Int i ? i.Value
            : throw new NotSupportedException($"{RealFormDomain.Describe(v)} flows into an index"));
        foreach (var p in k.Params)
        {
            var data = new SymVal[eval.Shape(p).Aggregate(1L, (a, b) => a * b)];
            for (long e = 0; e < data.Length; e++) data[e] = real.Real(real.Forms.Var(LoweringExecution.InputConst(p.Name, e)));
            eval.SetInput(p, data);
        }
        if (!eval.Run(stopAtOutOfBounds: true)) return new();
        return eval.Outputs().ToDictionary(x => x.Output.Name, x => x.Data, StringComparer.Ordinal);
    }

    /// <summary>(reject, refute): a fault that is a property of the PTX at these sizes refutes; a run the model cannot
    /// follow (a symbolic branch, the step limit) rejects.</summary>
    private static (string? Reject, string? Refute) MemoryProblem(LoweringExecution run, Kernel k, LoweringProgram program, IReadOnlyDictionary<string, long> dims)
    {
        if (run.Memory.InputWrite is { } iw) return (null, iw);
        if (run.Fault is { } f)
            return f.Kind is PtxFaultKind.Unsupported or PtxFaultKind.StepLimit or PtxFaultKind.BadLaunch
                ? ($"the PTX cannot be executed symbolically (launch {run.FaultEntry}): {f}", null)
                : (null, $"launch {run.FaultEntry}: {f}");
        if (run.WriteRace is { } race) return (null, race);
        foreach (var o in k.Outputs)
        {
            var buf = run.Memory.Buffers.First(b => b.Name == o.Name);
            for (long e = 0; e < buf.Count; e++)
                if (!buf.Slots[e].IsDefined) return (null, $"{o.Name}[{string.Join(", ", Unflatten(o, dims, e))}] is never stored");
        }
        return (null, null);
    }

    internal static long[] Unflatten(Value v, IReadOnlyDictionary<string, long> dims, long offset)
    {
        var shape = v.Type.Shape.Select(d => d.Evaluate(dims)).ToArray();
        var ix = new long[shape.Length];
        for (int a = shape.Length - 1; a >= 0; a--) { ix[a] = offset % shape[a]; offset /= shape[a]; }
        return ix;
    }

    // The elements of the first and the last block that wrote this output (their first and last PerBlock/2 each), and
    // every element whose two normal forms differ (up to MaxDiffering).
    private static (List<long> Selected, long Identical, long Differing) Select(SymbolicGlobalMemory.Buffer buf, SymVal[] ptx, SymVal[] ir)
    {
        var byBlock = new SortedDictionary<(int, int, int, int), List<long>>();
        long differing = 0;
        var chosen = new SortedSet<long>();
        for (long e = 0; e < buf.Count; e++)
        {
            var w = buf.Writers[e]!.Value;
            var key = (w.Launch, w.Block.Z, w.Block.Y, w.Block.X);
            if (!byBlock.TryGetValue(key, out var list)) byBlock[key] = list = new();
            list.Add(e);
            if (!ptx[e].Equals(ir[e]) && differing++ < MaxDiffering) chosen.Add(e);
        }
        foreach (var list in new[] { byBlock.First().Value, byBlock.Last().Value })
            foreach (var e in list.Take(PerBlock / 2).Concat(list.TakeLast(PerBlock / 2))) chosen.Add(e);
        var sel = chosen.ToList();
        return (sel, buf.Count - differing - sel.Count(e => ptx[e].Equals(ir[e])), differing);
    }

    // A stored element: a float value of the domain, or bits (a constant moved through an integer register).
    private static SymVal SlotValue(LoweringPtxDomain d, Backend.Ptx.Semantics.PtxValue<SymVal> v, DType type) =>
        v.Kind == Backend.Ptx.Semantics.PtxValueKind.Float ? v.Value! : d.FromBits(v.Bits, type);

    // PTX value = IR value as reals; identical non-real values (±inf, NaN) are equal, anything else is not.
    private static Term Same(RealForms forms, SymVal ptx, SymVal ir) => (ptx, ir) switch
    {
        (SymVal.Real a, SymVal.Real b) => Eq(forms.ToTerm(a.Value), forms.ToTerm(b.Value)),
        _ => Bool(ptx.Equals(ir)),
    };

    /// <summary>A memory problem found by the concrete-address run: it holds for every input (no address or branch
    /// depends on float data), so the obligation (claim false) is refuted with the fault as the counterexample.</summary>
    private sealed class FaultCheck(IReadOnlyDictionary<string, long> dims, string output, string problem) : IRefutationCheck
    {
        public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options) =>
            (refuted, new ConcreteCounterexample(dims, output, EqArray<long>.Empty, double.NaN, double.NaN, Precision.Exact, [])
            {
                Note = "the PTX program, executed at these sizes with concrete addresses (for every input value): " + problem,
            }, TimeSpan.Zero);
    }
}
