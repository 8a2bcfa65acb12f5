using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Solvers;

/// <summary>The prover protocol. (a) declarations + assumptions must be sat (else a proof would be vacuous);
/// (b) declarations + assumptions + ¬claim: unsat → Proved, sat → Refuted(model), unknown → Unknown(reason).
/// Any solver error, or an answer of the wrong shape, is Unknown("solver error: ...").</summary>
public static class Prover
{
    public const string VacuousReason = "assumptions are contradictory: a proof would be vacuous";

    public static ProofResult Prove(Obligation o, ISolver solver, SolverLimits limits)
    {
        var first = solver.CheckScript(SmtPrinter.Print(AssumptionsScript(o, limits)), limits);
        var time = first.Time;
        if (Failure(first) is string e1) return new(new Verdict.Unknown(e1), time);
        switch (first.Results[0])
        {
            case SatStatus.Unsat: return new(new Verdict.Unknown(VacuousReason), time);
            case SatStatus.Unknown:
                return new(new Verdict.Unknown("assumptions check: " + (first.ReasonUnknown ?? "unknown")), time);
        }

        var second = solver.CheckScript(SmtPrinter.Print(ClaimScript(o, limits)), limits);
        time += second.Time;
        if (Failure(second) is string e2) return new(new Verdict.Unknown(e2), time);
        return second.Results[0] switch
        {
            SatStatus.Unsat => new(new Verdict.Proved(), time),
            SatStatus.Unknown => new(new Verdict.Unknown(second.ReasonUnknown ?? "unknown"), time),
            _ => ParseModel(second.Model, time),
        };
    }

    /// <summary>The standalone file of an obligation: both checks, each inside push/pop.
    /// First check-sat must answer sat, second must answer unsat.</summary>
    public static Script StandaloneScript(Obligation o, SolverLimits limits)
    {
        var cmds = new List<Command>();
        foreach (var d in o.Declarations) cmds.Add(new DeclareConst(d));
        foreach (var a in o.Assumptions) cmds.Add(new Assertion(a));
        cmds.Add(new Push());
        cmds.Add(new CheckSat("check 1: the assumptions are satisfiable: must answer sat"));
        cmds.Add(new Pop());
        cmds.Add(new Push());
        cmds.Add(new Assertion(Terms.Not(o.Claim)));
        cmds.Add(new CheckSat("check 2: the assumptions with the claim negated: must answer unsat"));
        cmds.Add(new Pop());
        return new Script(Header(o, limits, standalone: true), limits, cmds.ToEqArray());
    }

    public static string StandaloneFile(Obligation o, SolverLimits limits) => SmtPrinter.Print(StandaloneScript(o, limits));

    internal static Script AssumptionsScript(Obligation o, SolverLimits limits)
    {
        var cmds = Base(o);
        cmds.Add(new CheckSat("must answer sat"));
        return new Script(Header(o, limits, false), limits, cmds.ToEqArray());
    }

    internal static Script ClaimScript(Obligation o, SolverLimits limits)
    {
        var cmds = Base(o);
        cmds.Add(new Assertion(Terms.Not(o.Claim)));
        cmds.Add(new CheckSat("must answer unsat"));
        return new Script(Header(o, limits, false), limits, cmds.ToEqArray());
    }

    private static List<Command> Base(Obligation o)
    {
        var cmds = new List<Command>();
        foreach (var d in o.Declarations) cmds.Add(new DeclareConst(d));
        foreach (var a in o.Assumptions) cmds.Add(new Assertion(a));
        return cmds;
    }

    private static EqArray<string> Header(Obligation o, SolverLimits l, bool standalone)
    {
        var h = new List<string> { $"KernelC obligation: {o.Name}" };
        if (standalone)
        {
            h.Add("Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),");
            h.Add("the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.");
        }
        h.Add($"limits: timeout {l.TimeoutMs} ms, rlimit {l.Rlimit}, seed {l.Seed}");
        return h.ToEqArray();
    }

    private static string? Failure(SolverAnswer a) =>
        a.Error is not null ? "solver error: " + a.Error
        : a.Results.Count != 1 ? $"solver error: expected one answer, got {a.Results.Count}"
        : null;

    private static ProofResult ParseModel(string? model, TimeSpan time)
    {
        if (model is null) return new(new Verdict.Unknown("solver error: sat without a model"), time);
        try { return new(new Verdict.Refuted(ModelParser.Parse(model)), time); }
        catch (FormatException e) { return new(new Verdict.Unknown("solver error: unreadable model: " + e.Message), time); }
    }
}
