using KernelC.Cli.Verify;

namespace KernelC.Cli.Run;

/// <summary>The load-time check of a bundle: exactly `kernelc verify BUNDLE` with z3 (hashes, no stray files, every
/// stage re-derived from source.kc and re-proved from the bundle's own files). A verification record stored beside
/// the bundle was rejected: anyone who can change the bundle can change the record, so only re-proving binds the
/// proof to these bytes. Cost: one verify per run (seconds; see docs/runtime.md).</summary>
public static class LoadCheck
{
    public enum Outcome { Verified, Tampered, NotProved }

    /// <summary>Runs verify quietly; its stdout/stderr are returned for the refusal message. z3 missing throws
    /// MissingDependencyException from verify (exit 3), as for `kernelc verify`.</summary>
    public static (Outcome Outcome, string Log) Run(string bundle, int? timeoutMs)
    {
        var log = new StringWriter();
        int code = VerifyRunner.Run(new VerifyOptions(bundle, "z3", null, timeoutMs), new CliIO(log, log));
        var outcome = code switch
        {
            ExitCodes.Success => Outcome.Verified,
            ExitCodes.NotProved => Outcome.NotProved,
            _ => Outcome.Tampered,
        };
        return (outcome, log.ToString());
    }

    /// <summary>The lines of verify's output worth showing in a refusal: diagnostics and "not proved" lines.</summary>
    public static IEnumerable<string> Reasons(string log) =>
        log.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains(" error KC", StringComparison.Ordinal) || l.StartsWith("not proved:", StringComparison.Ordinal)
                || l.StartsWith("  counterexample", StringComparison.Ordinal))
            .Take(12);
}
