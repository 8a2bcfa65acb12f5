using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

public class CongruenceTests
{
    [Fact]
    public void Softmax_inlining_fusion_is_proved_for_all_sizes_bit_exact()
    {
        var r = Check(Programs.SoftmaxSplit, Programs.SoftmaxFused);
        Assert.True(r.Passed, Summary(r));
        var eq = Outcome(r, "softmax.y.equal");
        Assert.Equal("all", eq.Record.Sizes);
        Assert.Equal("IEEE f32 bit-exact", eq.Record.Semantics);
        Assert.Contains("load-in-bounds", string.Join(",", r.Obligations.Select(o => o.Record.Name)));
        Assert.DoesNotContain(r.Obligations, o => o.Record.Name.EndsWith("equal-reals", StringComparison.Ordinal));
    }

    [Fact]
    public void X_times_2_to_x_plus_x_is_proved_in_ieee()
    {
        var r = Check(Programs.Times2, Programs.PlusSelf);
        Assert.True(r.Passed, Summary(r));
    }

    [Fact]
    public void Common_subexpression_of_a_duplicate_reduction_is_proved()
    {
        var r = Check(Programs.TwoSums, Programs.OneSumTwice);
        Assert.True(r.Passed, Summary(r));
    }

    [Fact]
    public void Bias_added_to_attention_scores_is_refuted_with_a_replayed_counterexample()
    {
        var r = Check(Programs.ScoresHonest, Programs.ScoresBiased);
        Assert.False(r.Passed);
        var cex = AssertRefutedWithReplay(r, "scores.s.equal", Programs.ScoresHonest, Programs.ScoresBiased);
        Assert.Contains(cex.Dims["D"], new long[] { 4, 8 });
        var (b, a) = Rerun(Programs.ScoresHonest, Programs.ScoresBiased, cex, "scores");
        Assert.Equal(cex.Before, b);
        Assert.Equal(cex.After, a);
    }

    [Fact]
    public void Activation_swapped_above_a_threshold_is_refuted_at_an_input_above_it()
    {
        var r = Check(Programs.Relu, Programs.ReluOrTanhAbove3);
        var cex = AssertRefutedWithReplay(r, "k.y.equal", Programs.Relu, Programs.ReluOrTanhAbove3);
        var x = Assert.Single(cex.Inputs, i => i.Tensor == "x" && i.Index == cex.Index);
        Assert.True(x.Value > 3, cex.Describe());
        var (b, a) = Rerun(Programs.Relu, Programs.ReluOrTanhAbove3, cex, "k");
        Assert.False(SameBits(b, a));
    }

    [Fact]
    public void Cast_rn_changed_to_rz_is_refuted()
    {
        var before = Programs.CastTo16("rn");
        var after = Programs.CastTo16("rz");
        var r = Check(before, after);
        var cex = AssertRefutedWithReplay(r, "k.y.equal", before, after);
        Assert.Equal(Precision.Exact, cex.Precision);
        Assert.Equal("IEEE f16 bit-exact", Outcome(r, "k.y.equal").Record.Semantics);
    }

    [Fact]
    public void Index_shifted_by_one_is_refuted_and_its_load_is_out_of_bounds()
    {
        var r = Check(Programs.Times2, Programs.ShiftedTimes2);
        AssertRefutedWithReplay(r, "k.y.equal", Programs.Times2, Programs.ShiftedTimes2);
        var oob = Outcome(r, "k.y.load-in-bounds.0");
        Assert.True(oob.Verdict is Verdict.Refuted, oob.Verdict.ToString());
        Assert.Contains("KC0331", oob.Counterexample!.Describe());
        var c = oob.Counterexample!;
        Assert.Equal(c.Dims["N"] - 1, c.Index[0]); // only the last element reads past the end
    }

    [Fact]
    public void Sum_where_max_was_meant_is_refuted()
    {
        var before = Programs.OneReduce("max");
        var after = Programs.OneReduce("sum");
        var r = Check(before, after);
        var cex = AssertRefutedWithReplay(r, "r.y.equal", before, after);
        Assert.True(cex.Dims["D"] >= 1);
    }

    [Fact]
    public void Reassociation_is_refuted_bit_exact_but_proved_in_reals()
    {
        var r = Check(Programs.SumLeft, Programs.SumRight);
        Assert.False(r.Passed);
        var cex = AssertRefutedWithReplay(r, "k.y.equal", Programs.SumLeft, Programs.SumRight);
        Assert.Equal(Precision.Exact, cex.Precision);
        var (b, a) = Rerun(Programs.SumLeft, Programs.SumRight, cex, "k");
        Assert.False(SameBits(b, a), cex.Describe());
        var reals = Outcome(r, "k.y.equal-reals");
        Assert.IsType<Verdict.Proved>(reals.Verdict);
        Assert.Equal("reals", reals.Record.Semantics);
        Assert.Equal("none established: floating-point results may differ", reals.Record.Tolerance);

        var realsOnly = Check(Programs.SumLeft, Programs.SumRight, CertificateRule.Congruence, ("claim", "reals"));
        Assert.True(realsOnly.Passed, Summary(realsOnly));
        Assert.All(realsOnly.Obligations, o => Assert.Equal("reals", o.Record.Semantics));
    }

    [Fact]
    public void A_model_that_only_the_abstraction_allows_is_unknown_never_refuted()
    {
        // max read in reverse: the two folds get different symbols, the solver finds them different, but no input
        // can make them disagree (max is a total order here), so the replay finds nothing.
        var r = Check(Programs.OneReduce("max"), Programs.Reversed("max"));
        var eq = Outcome(r, "r.y.equal");
        var u = Assert.IsType<Verdict.Unknown>(eq.Verdict);
        Assert.StartsWith("solver model does not replay concretely", u.Reason);
        Assert.Null(eq.Counterexample);
        Assert.False(r.Passed);
    }

    [Fact]
    public void A_sum_read_in_reverse_is_refuted_by_a_full_precision_replay()
    {
        var r = Check(Programs.OneReduce("sum"), Programs.ReversedSum);
        var cex = AssertRefutedWithReplay(r, "r.y.equal", Programs.OneReduce("sum"), Programs.ReversedSum);
        Assert.Equal(Precision.Exact, cex.Precision);
    }

    [Fact]
    public void Contradictory_constraints_are_unknown_not_proved()
    {
        var k = Programs.Elementwise("""
                %0: f32 = load %x[%i]
                yield %0
            """, where: "\n    where N in {3}, N % 2 == 0");
        var r = Check(k, k);
        var eq = Outcome(r, "k.y.equal");
        Assert.Equal(new Verdict.Unknown(Prover.VacuousReason), eq.Verdict);
        Assert.False(r.Passed);
    }
}
