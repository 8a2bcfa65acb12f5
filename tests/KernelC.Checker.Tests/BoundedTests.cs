using KernelC.IR;
using KernelC.Verifier.Solvers;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

public class BoundedTests
{
    [Fact]
    public void Honest_fusion_is_proved_at_the_listed_sizes_and_never_reported_as_all()
    {
        var r = Check(Programs.SoftmaxSplit, Programs.SoftmaxFused, CertificateRule.Bounded);
        Assert.True(r.Passed, Summary(r));
        Assert.Equal(["softmax.y.bounded.N1_D1", "softmax.y.bounded.N2_D2"], r.Obligations.Select(o => o.Record.Name));
        Assert.Equal(["N=1, D=1", "N=2, D=2"], r.Obligations.Select(o => o.Record.Sizes));
        Assert.All(r.Obligations, o => Assert.Contains("only (not a proof for other sizes)", o.Record.Claim));
    }

    [Fact]
    public void Sizes_from_the_hint_are_used_and_constraint_breaking_sizes_are_refused()
    {
        var r = Check(Programs.ScoresHonest, Programs.ScoresHonest, CertificateRule.Bounded, ("sizes", "N=2,D=4"));
        Assert.True(r.Passed, Summary(r));
        Assert.Equal("N=2, D=4", Assert.Single(r.Obligations).Record.Sizes);

        var bad = Check(Programs.ScoresHonest, Programs.ScoresHonest, CertificateRule.Bounded, ("sizes", "N=2,D=5"));
        Assert.False(bad.Passed);
        Assert.Contains("breaks the constraint D in {4, 8}", bad.Rejection);
    }

    [Fact]
    public void Broken_reduction_kind_is_refuted_with_the_differing_element()
    {
        var before = Programs.OneReduce("max");
        var after = Programs.OneReduce("sum");
        var r = Check(before, after, CertificateRule.Bounded);
        Assert.False(r.Passed);
        var o = r.Obligations.First(x => x.Verdict is Verdict.Refuted);
        Assert.StartsWith("r.y.bounded.", o.Record.Name);
        var cex = o.Counterexample!;
        var (b, a) = Rerun(before, after, cex, "r");
        Assert.Equal(cex.Before, b);
        Assert.Equal(cex.After, a);
        Assert.False(SameBits(b, a), cex.Describe());
    }

    [Fact]
    public void Out_of_bounds_load_at_a_bounded_size_is_refuted_by_the_interpreter()
    {
        var r = Check(Programs.Times2, Programs.ShiftedTimes2, CertificateRule.Bounded);
        var o = r.Obligations.First(x => x.Record.Name.StartsWith("k.bounded-in-bounds.", StringComparison.Ordinal));
        Assert.IsType<Verdict.Refuted>(o.Verdict);
        Assert.Contains("KC0331", o.Counterexample!.Describe());
        Assert.False(r.Passed);
    }
}
