using KernelC.IR;
using KernelC.Verifier.Checking;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

/// <summary>The checker's rejections before any solving, written against mutants that survived the first mutation
/// run of src/Verifier/Checking (docs/mutation.md): each guards a claim the congruence machinery cannot support.</summary>
public class CheckerRejectionTests
{
    // y[i] = x[i]·2 as one parallel over tiles of 4 (loop level), clamped at N - 1
    private const string LoopTimes2 = """
        kernel @k(%x: f32[N]) -> (y: f32[N])
            dims N {
          %y: f32[N] = parallel [%ib < N step 4] {
            %t: f32[4] = compute [%ii < 4] {
              %one: index = const 1
              %n: index = dim N
              %last: index = sub %n, %one
              %g: index = add %ib, %ii
              %i: index = min %g, %last
              %0: f32 = load %x[%i]
              %1: f32 = const 2
              %2: f32 = mul %0, %1
              yield %2
            }
            yield %t
          }
          return %y
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Congruence_rejects_loop_level_ir_on_either_side(bool loopBefore)
    {
        var r = loopBefore ? Check(LoopTimes2, Programs.Times2) : Check(Programs.Times2, LoopTimes2);
        Assert.False(r.Passed);
        Assert.Contains("rule congruence does not support op parallel", r.Rejection);
        Assert.Empty(r.Obligations);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_reals_claim_is_rejected_when_either_side_has_an_infinite_constant(bool infBefore)
    {
        var withInf = Programs.Elementwise("""
                %0: f32 = load %x[%i]
                %1: f32 = const -inf
                %2: f32 = max %0, %1
                %3: f32 = const 2
                %4: f32 = mul %2, %3
                yield %4
            """);
        var r = infBefore ? Check(withInf, Programs.Times2, CertificateRule.Congruence, ("claim", "reals"))
            : Check(Programs.Times2, withInf, CertificateRule.Congruence, ("claim", "reals"));
        Assert.Contains("hint claim=reals: @k uses an inf or nan constant", r.Rejection);
        // without the reals claim the same pair is planned (IEEE has -inf)
        var ieee = Check(Programs.Times2, withInf);
        Assert.Null(ieee.Rejection);
    }

    [Fact]
    public void A_kernel_named_for_checking_must_exist()
    {
        var b = Parse(Programs.Times2);
        var a = Parse(Programs.PlusSelf);
        var r = KernelC.Verifier.Checking.Checker.Check(b, a, Cert(b, a, CertificateRule.Congruence),
            Options with { Kernels = ["nope"] });
        Assert.Equal("no kernel @nope to check", r.Rejection);
        var ok = KernelC.Verifier.Checking.Checker.Check(b, a, Cert(b, a, CertificateRule.Congruence),
            Options with { Kernels = ["k"] });
        Assert.Null(ok.Rejection);
    }
}
