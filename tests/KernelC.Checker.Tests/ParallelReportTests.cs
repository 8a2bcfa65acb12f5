using KernelC.IR;
using KernelC.Verifier.Checking;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

/// <summary>Issue 7, resource limits: verification runs its queries in parallel (CheckOptions.MaxParallelism, default
/// the processor count) and still reports the same obligations, in the same order, with the same records, SMT-LIB2
/// texts, verdicts and counterexamples as a run with one query at a time.</summary>
public class ParallelReportTests
{
    private static string Report(CheckReport r) => string.Join("\n---\n", r.Obligations.Select(o =>
        $"{o.Record.ToJson()}\n{o.SmtLib2}\n{o.Verdict}\n{o.Counterexample?.Describe()}"));

    [Theory]
    [InlineData(nameof(Programs.SoftmaxSplit), nameof(Programs.SoftmaxFused))]
    [InlineData(nameof(Programs.ScoresHonest), nameof(Programs.ScoresBiased))]
    public void A_parallel_check_reports_exactly_what_a_sequential_one_does(string beforeName, string afterName)
    {
        string Text(string name) => (string)typeof(Programs).GetField(name)!.GetValue(null)!;
        var before = Parse(Text(beforeName));
        var after = Parse(Text(afterName));
        var cert = Cert(before, after, CertificateRule.Congruence);
        var one = KernelC.Verifier.Checking.Checker.Check(before, after, cert, Options with { MaxParallelism = 1 });
        var many = KernelC.Verifier.Checking.Checker.Check(before, after, cert, Options with { MaxParallelism = 8 });
        Assert.True(one.Obligations.Count > 1, "needs several obligations to say anything about order");
        Assert.Equal(Report(one), Report(many));
        Assert.Equal(one.Passed, many.Passed);
    }
}
