using KernelC.IR;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Checking;

/// <summary>The outcome of checking one certificate. <see cref="Rejection"/> is set when the certificate was refused
/// before any solving (wrong hashes, invalid IR after, changed interface, unsupported rule, bad hints); otherwise
/// the obligations in a fixed order. Passed only if nothing was rejected and every obligation is Proved.</summary>
public sealed record CheckReport(string Pass, CertificateRule Rule, string? Rejection, IReadOnlyList<ObligationOutcome> Obligations)
{
    public bool Passed => Rejection is null && Obligations.Count > 0 && Obligations.All(o => o.Verdict is Verdict.Proved);
}

/// <summary>One obligation: its deterministic record, its standalone SMT-LIB2 file, the verdict, the solver's
/// wall-clock time (never part of the record), and, when refuted, the concretely replayed counterexample.</summary>
public sealed record ObligationOutcome(ObligationRecord Record, string SmtLib2, Verdict Verdict, TimeSpan SolverTime,
    ConcreteCounterexample? Counterexample);
