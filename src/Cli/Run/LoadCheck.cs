using KernelC.Cli.Verify;

namespace KernelC.Cli.Run;

/// <summary>The load-time check of a bundle: exactly `kernelc verify BUNDLE` with z3 (hashes, no stray files, every
/// stage re-derived from source.kc and re-proved from the bundle's own files). A verification record stored beside
/// the bundle was rejected: anyone who can change the bundle can change the record, so only re-proving binds the
/// proof to these bytes. Cost: one verify per run (seconds; see docs/runtime.md). The lowering proof of the PTX is part of
/// every verify; <c>provePtx</c> is passed on as the no-op alias `verify --prove-ptx`.</summary>
public static class LoadCheck
{
    public enum Outcome { Verified, Tampered, NotProved }

    /// <summary>Runs verify quietly; its stdout/stderr are returned for the refusal message. z3 missing throws
    /// MissingDependencyException from verify (exit 3), as for `kernelc verify`.</summary>
    public static (Outcome Outcome, string Log) Run(string bundle, int? timeoutMs, bool provePtx = false)
    {
        var log = new StringWriter();
        int code = VerifyRunner.Run(new VerifyOptions(bundle, "z3", null, timeoutMs, provePtx), new CliIO(log, log));
        var outcome = Classify(code);
        return (outcome, log.ToString());
    }

    /// <summary>verify's exit code → outcome: 0 verified; 2 (an obligation refuted or Unknown) not proved; anything
    /// else (1: unreadable, tampered, or not re-derivable) tampered.</summary>
    public static Outcome Classify(int verifyExitCode) => verifyExitCode switch
    {
        ExitCodes.Success => Outcome.Verified,
        ExitCodes.NotProved => Outcome.NotProved,
        _ => Outcome.Tampered,
    };

    /// <summary>The lines of verify's output worth showing in a refusal: diagnostics and "not proved" lines.</summary>
    public static IEnumerable<string> Reasons(string log) =>
        log.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains(" error KC", StringComparison.Ordinal) || l.StartsWith("not proved:", StringComparison.Ordinal)
                || l.StartsWith("  counterexample", StringComparison.Ordinal))
            .Take(12);
}
