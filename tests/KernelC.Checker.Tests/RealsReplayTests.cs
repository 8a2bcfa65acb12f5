using KernelC.IR;
using KernelC.Verifier.Solvers;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

/// <summary>A reals claim is refuted only by a binary64 replay whose difference is far beyond binary64 rounding:
/// rounding noise is no counterexample in real arithmetic.</summary>
public sealed class RealsReplayTests
{
    // softmax over rows, logits shifted by `shift` everywhere they are read (as a poisoned pass would do)
    private static string Softmax(string shift) => $$"""
        kernel @sm(%x: f32[R, C]) -> (y: f32[R, C])
            dims R, C {
          %m: f32[R] = compute [%i < R] {
            %0: f32 = reduce.max [%j < C] {
              %1: f32 = load %x[%i, %j]
              %b1: f32 = const {{shift}}
              %s1: f32 = add %1, %b1
              yield %s1
            }
            yield %0
          }
          %y: f32[R, C] = compute [%i2 < R, %j2 < C] {
            %2: f32 = load %x[%i2, %j2]
            %b2: f32 = const {{shift}}
            %s2: f32 = add %2, %b2
            %3: f32 = load %m[%i2]
            %4: f32 = sub %s2, %3
            %5: f32 = exp %4
            %6: f32 = reduce.sum [%j3 < C] {
              %7: f32 = load %x[%i2, %j3]
              %b3: f32 = const {{shift}}
              %s3: f32 = add %7, %b3
              %8: f32 = sub %s3, %3
              %9: f32 = exp %8
              yield %9
            }
            %10: f32 = div %5, %6
            yield %10
          }
          return %y
        }
        """;

    [Fact]
    public void A_uniform_shift_of_softmax_logits_is_refuted_bit_exactly_but_never_refuted_in_reals()
    {
        // softmax(x + c) = softmax(x) in reals; in f32 the rounding of x + 0.001 changes the bits
        var before = Softmax("0");
        var after = Softmax("0.0010000000474974513");
        var r = Check(before, after);
        Assert.False(r.Passed);
        // the bit-exact claim is refuted when the solver's witness arrives in time (else Unknown): never Proved
        Assert.IsNotType<Verdict.Proved>(Outcome(r, "sm.y.equal").Verdict);
        var reals = Outcome(r, "sm.y.equal-reals");
        Assert.IsNotType<Verdict.Refuted>(reals.Verdict);
        Assert.IsNotType<Verdict.Proved>(reals.Verdict); // exp is uninterpreted: shift invariance is not derivable
    }

    [Fact]
    public void A_bias_on_the_output_is_refuted_in_reals_by_a_difference_far_beyond_rounding()
    {
        var r = Check(Programs.ScoresHonest, Programs.ScoresBiased, CertificateRule.Congruence, ("claim", "reals"));
        Assert.False(r.Passed);
        var o = Outcome(r, "scores.s.equal-reals");
        Assert.IsType<Verdict.Refuted>(o.Verdict);
        var cex = o.Counterexample!;
        Assert.Equal(Precision.F64, cex.Precision);
        Assert.True(Math.Abs(cex.After - cex.Before) > 1e-4, cex.Describe());
        Assert.Contains("far beyond binary64 rounding", cex.Describe());
    }
}
