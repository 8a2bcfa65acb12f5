using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Checking;

/// <summary>Proves planned obligations, at most <see cref="CheckOptions.MaxParallelism"/> at once (each query has its
/// own z3 context), and returns the outcomes in plan order (each followed by its fallback, if one was tried).</summary>
internal static class ObligationRunner
{
    public static List<ObligationOutcome> Run(IReadOnlyList<PlannedObligation> plan, CheckOptions options)
    {
        var results = new List<ObligationOutcome>[plan.Count];
        Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) },
            i => results[i] = RunOne(plan[i], options));
        return results.SelectMany(r => r).ToList();
    }

    private static List<ObligationOutcome> RunOne(PlannedObligation p, CheckOptions options)
    {
        var outcome = Prove(p, options);
        var list = new List<ObligationOutcome> { outcome };
        if (outcome.Verdict is not Verdict.Proved && p.Fallback is { } f) list.Add(Prove(f, options));
        return list;
    }

    public static ObligationOutcome Prove(PlannedObligation p, CheckOptions options)
    {
        var smt = Prover.StandaloneFile(p.Obligation, options.Limits);
        var r = Prover.Prove(p.Obligation, options.Solver, options.Limits);
        var verdict = r.Verdict;
        var time = r.SolverTime;
        ConcreteCounterexample? cex = null;
        if (verdict is Verdict.Refuted refuted)
        {
            var (v, c, extra) = p.Replay.Resolve(refuted, options);
            verdict = v;
            cex = c;
            time += extra;
        }
        var record = p.Record with { Verdict = VerdictText(verdict) };
        return new ObligationOutcome(record, smt, verdict, time, cex);
    }

    public static string VerdictText(Verdict v) => v switch
    {
        Verdict.Proved => "proved",
        Verdict.Refuted => "refuted",
        Verdict.Unknown u => "unknown: " + u.Reason,
        _ => "unknown",
    };
}
