using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

/// <summary>The concrete replay (Replayer.cs) pinned against the mutants examined on 2026-12-07
/// (docs/mutation.md): which inputs a counterexample lists, how it names a random fill, what an out-of-bounds
/// counterexample reports, and when a binary64 difference refutes a real-number claim.</summary>
public class MutationReplayerEdgeTests
{
    // y[i] = fold over x[i, 0..D): the loads sit inside a reduction, so the solver's witness names no input
    // element and only the replay's fills can show a difference
    private static string Fold(string kind, long n, long d) => $$"""
        kernel @r(%x: f32[N, D]) -> (y: f32[N])
            dims N, D
            where N in {{{n}}}, D in {{{d}}} {
          %y: f32[N] = compute [%i < N] {
            %0: f32 = reduce.{{kind}} [%j < D] {
              %1: f32 = load %x[%i, %j]
              yield %1
            }
            yield %0
          }
          return %y
        }
        """;

    private static (string Before, string After, ConcreteCounterexample Cex) MaxRefutedBySum(long n, long d)
    {
        string before = Fold("max", n, d), after = Fold("sum", n, d);
        return (before, after, AssertRefutedWithReplay(Check(before, after), "r.y.equal", before, after));
    }

    [Fact]
    public void A_random_fill_of_at_most_32_elements_is_listed_element_by_element()
    {
        // all zeros cannot tell max from sum; seed 1 can; 4·8 = 32 input elements are listed, so the counterexample
        // reproduces with every unlisted element 0
        var (before, after, cex) = MaxRefutedBySum(4, 8);
        Assert.Null(cex.Fill);
        Assert.NotEmpty(cex.Inputs);
        Assert.All(cex.Inputs, i => Assert.NotEqual(0L, BitConverter.DoubleToInt64Bits(i.Value)));
        Assert.All(cex.Inputs, i => Assert.Equal(0.0, i.Value * 8 % 1)); // seed 1: multiples of 1/8
        Assert.All(cex.Inputs, i => Assert.InRange(i.Value, -2.0, 2.0));
        var (b, a) = Rerun(before, after, cex, "r");
        Assert.True(SameBits(cex.Before, b) && SameBits(cex.After, a), cex.Describe());
    }

    [Fact]
    public void A_random_fill_of_more_than_32_elements_is_named_by_its_seed()
    {
        var (_, _, cex) = MaxRefutedBySum(3, 11);
        Assert.Empty(cex.Inputs);
        Assert.Equal("from a seeded random fill (seed 1: multiples of 1/8 in [-2, 2])", cex.Fill);
        Assert.Contains("(every input element from a seeded random fill (seed 1: multiples of 1/8 in [-2, 2]))", cex.Describe());
    }

    [Fact]
    public void An_out_of_bounds_counterexample_reports_the_element_before_and_the_failing_load()
    {
        var r = Check(Programs.Times2, Programs.ShiftedTimes2);
        var c = Outcome(r, "k.y.load-in-bounds.0").Counterexample!;
        Assert.Null(c.Fill); // out of bounds for every input: found with all inputs 0
        Assert.Empty(c.Inputs);
        Assert.Equal(Precision.Exact, c.Precision);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(c.Before)); // 0·2 at the index, computed by the IR before
        Assert.True(double.IsNaN(c.After));
        Assert.Equal("y", c.Output);
        Assert.StartsWith("the IR after fails: KC0331: ", c.Note);
    }

    // (exp(x - 40) + 1) - 1 against exp(x)·exp(-40): equal in reals (the solver cannot show it: exp is uninterpreted);
    // in binary64 the first is 0 (1 + e^-40 rounds to 1), the second about 4e-18
    private static readonly string CancelledTiny = Programs.Elementwise("""
            %0: f32 = load %x[%i]
            %1: f32 = const 40
            %2: f32 = sub %0, %1
            %3: f32 = exp %2
            %4: f32 = const 1
            %5: f32 = add %3, %4
            %6: f32 = sub %5, %4
            yield %6
        """);

    private static readonly string ScaledTiny = Programs.Elementwise("""
            %0: f32 = load %x[%i]
            %1: f32 = exp %0
            %2: f32 = const -40
            %3: f32 = exp %2
            %4: f32 = mul %1, %3
            yield %4
        """);

    [Fact]
    public void Near_zero_a_reals_claim_needs_an_absolute_difference_beyond_the_margin()
    {
        // the margin is 2^-30 relative to max(1, |values|): absolute below 1, so cancellation noise of about 1e-18 is
        // no counterexample in reals
        var r = Check(CancelledTiny, ScaledTiny, CertificateRule.Congruence, ("claim", "reals"));
        var o = Outcome(r, "k.y.equal-reals");
        var u = Assert.IsType<Verdict.Unknown>(o.Verdict);
        Assert.StartsWith("solver model does not replay concretely", u.Reason);
    }

    private static string Relu(long n, bool above3) =>
        (above3 ? Programs.ReluOrTanhAbove3 : Programs.Relu).Replace("dims N {", $"dims N\n    where N in {{{n}}} {{", StringComparison.Ordinal);

    // replays run for every valid dim (>= 1) as long as no tensor exceeds Replayer.MaxElements = 2^20 elements
    [Theory]
    [InlineData(1L, true)]
    [InlineData(1L << 20, true)]
    [InlineData((1L << 20) + 1, false)]
    public void Replays_run_at_1_up_to_2_to_the_20_elements_per_tensor(long n, bool replayed)
    {
        var r = Check(Relu(n, false), Relu(n, true));
        var o = Outcome(r, "k.y.equal");
        if (replayed)
            Assert.Equal(n, AssertRefutedWithReplay(r, "k.y.equal", Relu(n, false), Relu(n, true)).Dims["N"]);
        else
            Assert.StartsWith("solver model does not replay concretely", Assert.IsType<Verdict.Unknown>(o.Verdict).Reason);
    }

    /// <summary>y[i] = x[i] OP constant.</summary>
    internal static string WithConstant(string op, string constant) => Programs.Elementwise($"""
                %0: f32 = load %x[%i]
                %1: f32 = const {constant}
                %2: f32 = {op} %0, %1
                yield %2
            """);

    // a value binary64 cannot hold (inf, nan) against a finite one is far apart whatever the margin
    [Fact]
    public void A_reals_claim_is_refuted_by_a_division_by_zero_that_binary64_computes_as_infinite()
    {
        var div0 = WithConstant("div", "0");
        var r = Check(Programs.Times2, div0, CertificateRule.Congruence, ("claim", "reals"));
        var o = Outcome(r, "k.y.equal-reals");
        Assert.True(o.Verdict is Verdict.Refuted, o.Verdict.ToString());
        Assert.True(double.IsInfinity(o.Counterexample!.After) || double.IsNaN(o.Counterexample.After), o.Counterexample.Describe());
    }
}
