using KernelC.Passes.Fusion;
using KernelC.Verifier.Checking;

namespace KernelC.Passes.Tests;

/// <summary>The honest fuse on every example is proved by the independent checker (rule Congruence).</summary>
public sealed class HonestFuseCheckTests
{
    public static TheoryData<string> Examples() => new(TestIr.ExampleNames);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Honest_fuse_is_proved(string example)
    {
        var before = TestIr.Example(example);
        var out_ = TestIr.Run(new FusePass(), before);
        var report = Checker.Check(before, out_.Module, out_.Certificate, CheckOptions.Default);
        Assert.True(report.Passed, report.Rejection
            ?? string.Join("\n", report.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict} {o.Counterexample?.Describe()}")));
    }
}
