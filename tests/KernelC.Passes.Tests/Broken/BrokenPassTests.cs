using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Passes.Tests.Broken;

/// <summary>Every deliberately broken pass must be REJECTED by the independent checker: refuted with a concrete,
/// replayed counterexample naming the output, or (cert-swap) refused for naming another step.</summary>
public sealed class BrokenPassTests
{
    /// <summary>An f16 round trip: fuse inlines h into y, and the cast to f16 is what rounding sabotages.</summary>
    public const string HalfRoundTrip = """
        kernel half(x: f32[N]) -> y: f32[N]
        {
          h[i] = f16(x[i])
          y[i] = f32(h[i]) * 2
        }
        """;

    /// <summary>A shorter timeout keeps the suite fast: a refutation needs one refuted obligation (the reals claim and
    /// the in-bounds checks answer in milliseconds unloaded); an IEEE obligation that times out is Unknown, never
    /// Proved. 8 s leaves room for a loaded 2-core CI machine (3 s made sum-for-max time out there).</summary>
    private static readonly CheckOptions Fast = CheckOptions.Default with { Limits = new SolverLimits(TimeoutMs: 8_000) };

    private static CheckReport CheckPass(IPass pass, Module before, CheckOptions? options = null)
    {
        var out_ = TestIr.Run(pass, before);
        TestIr.AssertValid(out_.Module);
        return Checker.Check(before, out_.Module, out_.Certificate, options ?? Fast);
    }

    private static void AssertRefuted(CheckReport report, string output)
    {
        Assert.False(report.Passed, "a broken pass was accepted");
        Assert.Null(report.Rejection);
        var refuted = report.Obligations.Where(o => o.Verdict is Verdict.Refuted).ToList();
        Assert.True(refuted.Count > 0, "no obligation refuted: " + string.Join("; ", report.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict}")));
        var cex = refuted[0].Counterexample;
        Assert.NotNull(cex);
        var text = cex.Describe();
        Assert.Contains(output + "[", text);
        Assert.Equal(output, cex.Output);
        Assert.NotEqual(BitConverter.DoubleToInt64Bits(cex.Before), BitConverter.DoubleToInt64Bits(cex.After));
    }

    [Fact]
    public void Bias_on_the_attention_scores_is_refuted() =>
        AssertRefuted(CheckPass(new BiasPass(), TestIr.Example("attention")), "o");

    [Fact]
    public void Activation_swap_above_a_threshold_is_refuted() =>
        AssertRefuted(CheckPass(new ActivationSwapPass(), TestIr.Example("gelu_mlp")), "y");

    [Fact]
    public void Round_toward_zero_instead_of_nearest_is_refuted() =>
        AssertRefuted(CheckPass(new RoundingPass(), TestIr.CompileKc(HalfRoundTrip)), "y");

    [Fact]
    public void Index_shift_is_refuted_and_its_out_of_bounds_load_too()
    {
        var report = CheckPass(new IndexShiftPass(), TestIr.Example("softmax"));
        AssertRefuted(report, "y");
        Assert.Contains(report.Obligations, o => o.Record.Name.Contains("in-bounds") && o.Verdict is Verdict.Refuted);
    }

    [Fact]
    public void Sum_for_max_is_refuted() =>
        // not on softmax: subtracting the row sum instead of the row max is an identity of real arithmetic there
        // (softmax is shift-invariant), so only rounding could tell them apart; a row max is where max matters
        AssertRefuted(CheckPass(new SumForMaxPass(), TestIr.CompileKc(RowMax)), "y");

    public const string RowMax = """
        kernel rowmax(x: f32[R, C]) -> y: f32[R]
        {
          y[r] = max[c] x[r, c]
        }
        """;

    [Fact]
    public void A_certificate_of_another_step_is_refused_by_its_hashes()
    {
        var report = CheckPass(new CertSwapPass(TestIr.Example("softmax")), TestIr.Example("attention"));
        Assert.False(report.Passed);
        Assert.NotNull(report.Rejection);
        Assert.Contains("another step", report.Rejection);
        Assert.Empty(report.Obligations);
    }

    [Fact]
    public void The_same_programs_fused_honestly_are_accepted()
    {
        // the control for the cases above: without the sabotage, each module is proved
        foreach (var m in new[] { TestIr.CompileKc(HalfRoundTrip), TestIr.Example("softmax") })
        {
            var report = CheckPass(new Fusion.FusePass(), m, CheckOptions.Default);
            Assert.True(report.Passed, report.Rejection ?? string.Join("; ", report.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict}")));
        }
    }
}
