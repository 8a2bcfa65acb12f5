using KernelC.IR;
using KernelC.Passes.Flash;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Passes.Tests.Flash;

/// <summary>Rule invariant on the flash pass. The tests use Bk = 4 (the examples' default is Bk = 8, proved by the
/// bundles in proofs/ and `proofs/check.sh`): the obligations have the same form for every Bk, only the unrolled
/// block is longer; Bq does not enter the step, only the bound.</summary>
public class FlashCheckTests
{
    private static readonly CheckOptions Options = new(new Z3Solver(), new SolverLimits(TimeoutMs: 20_000));

    private static Module Fused(string example)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../proofs", example, "ir", "1-fuse.kcir");
        var d = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText(path, File.ReadAllText(path)), d);
        Assert.True(m is not null, string.Join("\n", d.Items.Select(x => x.Format())));
        return m!;
    }

    private static PassOutput? Flash(Module before, string args, FlashSabotage sab, DiagnosticBag d)
    {
        var spec = PipelineParser.Parse($"flash({args})", "test", d)!.Passes[0];
        return new FlashPass { Sabotage = sab }.Run(before, spec, d);
    }

    private static CheckReport Run(string example, FlashSabotage sab, string args = "64,4")
    {
        var before = Fused(example);
        var d = new DiagnosticBag();
        var outp = Flash(before, args, sab, d);
        Assert.True(outp is not null, string.Join("\n", d.Items.Select(x => x.Format())));
        return Checker.Check(before, outp!.Module, outp.Certificate, Options);
    }

    [Theory]
    [InlineData("attention")]
    [InlineData("causal_attention")]
    public void Honest_flash_is_proved_for_all_lengths(string example)
    {
        var r = Run(example, FlashSabotage.None);
        Assert.True(r.Rejection is null, r.Rejection);
        foreach (var o in r.Obligations) Assert.True(o.Verdict is Verdict.Proved, o.Record.Name + ": " + o.Record.Verdict);
        Assert.True(r.Passed);
        Assert.Contains(r.Obligations, o => o.Record.Name.EndsWith(".invariant.step.next.acc", StringComparison.Ordinal));
        // every load of the loop kernel (q, k, v, the carried m, l, acc and the local tiles) has its in-bounds obligation
        var loads = r.Obligations.Where(o => o.Record.Name.Contains(".load-in-bounds.", StringComparison.Ordinal)).ToList();
        foreach (var t in new[] { "%q[", "%k[", "%v[", "%m0[", "%l0[", "%acc0[", "%s[", "%p[", "%acc[", "%l[" })
            Assert.Contains(loads, o => o.Record.Claim.Contains("the load of " + t, StringComparison.Ordinal));
        // the proof does not depend on N: no obligation mentions a sequence length (N is a free constant)
        foreach (var o in r.Obligations)
            foreach (var n in new[] { "192", "320", "4096" }) Assert.DoesNotContain(n, o.SmtLib2);
        Assert.All(r.Obligations, o => Assert.Equal("all", o.Record.Sizes));
    }

    [Theory]
    [InlineData("attention", FlashSabotage.NoRescale, "step.next.l", true)]
    [InlineData("attention", FlashSabotage.BiasFirstBlock, "step.first.m", true)]
    [InlineData("causal_attention", FlashSabotage.FlippedMask, "step.next.m", true)]
    [InlineData("attention", FlashSabotage.MaxAsAdd, "step.next.m", true)]
    public void Broken_flash_is_rejected_naming_the_failed_obligation(string example, FlashSabotage sab, string failing,
        bool differsConcretely) // every variant here changes the result (a max replaced by add keeps m at -inf)
    {
        var r = Run(example, sab);
        Assert.False(r.Passed);
        Assert.True(r.Rejection is null, r.Rejection);
        var o = Assert.Single(r.Obligations, x => x.Record.Name == $"{example}.o.invariant.{failing}");
        Assert.False(o.Verdict is Verdict.Proved, o.Record.Name);
        var refuted = r.Obligations.Where(x => x.Verdict is Verdict.Refuted).ToList();
        if (differsConcretely)
        {
            Assert.NotEmpty(refuted);
            var cex = refuted[0].Counterexample!;
            Assert.Contains("o[", cex.Describe());
            Assert.True(Math.Abs(cex.Before - cex.After) > 1e-6, cex.Describe());
        }
        else
            Assert.Empty(refuted); // a Refuted verdict needs a concrete witness
    }

    [Theory]
    [InlineData("attention")]
    [InlineData("causal_attention")]
    public void A_key_loop_one_block_too_long_is_refuted_by_an_in_bounds_obligation(string example)
    {
        var r = Run(example, FlashSabotage.LoopPastEnd);
        Assert.False(r.Passed);
        Assert.True(r.Rejection is null, r.Rejection);
        // the loads of k (scores) and v (the acc update) past N: refuted, replayed by the interpreter's own bounds check
        foreach (var t in new[] { "%k[", "%v[" })
        {
            var o = Assert.Single(r.Obligations, x => x.Record.Name.Contains(".load-in-bounds.", StringComparison.Ordinal)
                && x.Record.Claim.Contains("the load of " + t, StringComparison.Ordinal));
            Assert.IsType<Verdict.Refuted>(o.Verdict);
            Assert.Contains(IrDiagnosticIds.LoadOutOfBounds, o.Counterexample!.Describe());
        }
        // the loads of q and of the local tiles stay in bounds, and are still proved
        Assert.Contains(r.Obligations, x => x.Record.Claim.Contains("the load of %q[", StringComparison.Ordinal) && x.Verdict is Verdict.Proved);
    }

    [FlashCvc5Fact]
    public void Cvc5_proves_every_obligation_of_causal_flash()
    {
        var before = Fused("causal_attention");
        var outp = Flash(before, "64,4", FlashSabotage.None, new DiagnosticBag())!;
        var r = Checker.Check(before, outp.Module, outp.Certificate, new CheckOptions(new Cvc5Solver(), new SolverLimits(TimeoutMs: 20_000)));
        Assert.True(r.Rejection is null, r.Rejection);
        foreach (var o in r.Obligations) Assert.True(o.Verdict is Verdict.Proved, o.Record.Name + " (cvc5): " + o.Record.Verdict);
    }

    [Fact]
    public void A_wrong_invariant_hint_is_rejected_not_believed()
    {
        var before = Fused("attention");
        var outp = Flash(before, "64,4", FlashSabotage.None, new DiagnosticBag())!;
        var cert = outp.Certificate with { Hints = EqArray.Of(new CertificateHint("invariant", "m = 0"), new CertificateHint("blocks", "64,4")) };
        var r = Checker.Check(before, outp.Module, cert, Options);
        Assert.False(r.Passed);
        Assert.NotNull(r.Rejection);
    }

    [Theory]
    [InlineData("attention", "64", "KC0560")]
    [InlineData("attention", "64,48", "KC0560")]
    [InlineData("attention", "48,48", "KC0561")]
    [InlineData("matmul", "64,4", "KC0562")]
    public void Bad_uses_are_diagnosed(string example, string args, string id)
    {
        var d = new DiagnosticBag();
        Assert.Null(Flash(Fused(example), args, FlashSabotage.None, d));
        Assert.Contains(d.Items, x => x.Id == id);
    }
}
