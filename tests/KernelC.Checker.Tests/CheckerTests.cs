using KernelC.IR;
using KernelC.Verifier.Checking;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

public class CheckerTests
{
    [Fact]
    public void Certificate_with_the_hashes_of_another_step_is_rejected_before_solving()
    {
        var b = Parse(Programs.Times2);
        var a = Parse(Programs.PlusSelf);
        var other = Parse(Programs.Relu);
        var cert = Cert(b, other, CertificateRule.Congruence);
        var r = KernelC.Verifier.Checking.Checker.Check(b, a, cert, Options);
        Assert.False(r.Passed);
        Assert.StartsWith("certificate is for another step", r.Rejection);
        Assert.Empty(r.Obligations);
    }

    [Fact]
    public void Changed_interface_is_rejected()
    {
        var after = Programs.Times2.Replace("%x: f32[N]", "%x: f32[N, N]").Replace("load %x[%i]", "load %x[%i, %i]");
        var r = Check(Programs.Times2, after);
        Assert.Contains("the interface of @k changed: parameters", r.Rejection);
    }

    [Fact]
    public void Rules_without_a_generator_and_bad_hints_are_rejected()
    {
        Assert.Contains("no VC generator", Check(Programs.Times2, Programs.PlusSelf, CertificateRule.Lowering).Rejection);
        Assert.Contains("hint claim=", Check(Programs.Times2, Programs.PlusSelf, CertificateRule.Congruence, ("claim", "close")).Rejection);
    }

    [Fact]
    public void Check_is_deterministic_and_records_carry_no_time()
    {
        var r1 = Check(Programs.SumLeft, Programs.SumRight);
        var r2 = Check(Programs.SumLeft, Programs.SumRight);
        Assert.Equal(r1.Obligations.Select(o => o.SmtLib2), r2.Obligations.Select(o => o.SmtLib2));
        Assert.Equal(r1.Obligations.Select(o => o.Record.ToJson()), r2.Obligations.Select(o => o.Record.ToJson()));
        var json = r1.Obligations[0].Record.ToJson();
        Assert.StartsWith("{\n  \"name\": \"k.y.equal\",\n  \"pass\": \"test-pass\",\n  \"rule\": \"congruence\",", json);
        Assert.Contains("\"sizes\": \"all\"", json);
        Assert.Contains($"\"before\": \"{IrHash.Of(Parse(Programs.SumLeft))}\"", json);
        Assert.DoesNotContain("time", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; KernelC obligation: k.y.equal", r1.Obligations[0].SmtLib2);
        Assert.Contains("(declare-fun in_a ((_ BitVec 64)) (_ FloatingPoint 8 24))", r1.Obligations[0].SmtLib2);
    }

    [Fact]
    public void Describe_reads_like_a_sentence()
    {
        var cex = new ConcreteCounterexample(new Dictionary<string, long> { ["N"] = 1, ["D"] = 64 }, "o", EqArray.Of(0L, 3L),
            0.25, 0.251, KernelC.IR.Precision.Exact, [new CounterexampleInput("q", EqArray.Of(0L, 0L), 0.5)]);
        Assert.Equal("with D=64, N=1,\n  q[0,0]=0.5\n  (every other input element 0):\n  o[0,3] is 0.25 before and 0.251 after "
            + "(exact IEEE arithmetic in each op's dtype)", cex.Describe());
    }
}
