using KernelC.IR;

namespace KernelC.Verifier.Solvers;

public enum SatStatus { Sat, Unsat, Unknown }

/// <summary>What a solver said about a script: one status per (check-sat) in order; after the LAST one, the model
/// text if it was sat and the reason if it was unknown. <see cref="Error"/> non-null means the run failed (any
/// `(error ...)` in the output, a nonzero error code, a crash): such an answer is never a verdict.
/// <see cref="Time"/> is wall-clock solver time, never part of a hashed output.</summary>
public sealed record SolverAnswer(EqArray<SatStatus> Results, string? Error, string? Model, string? ReasonUnknown, TimeSpan Time)
{
    public static SolverAnswer Failed(string error, TimeSpan time) => new(EqArray<SatStatus>.Empty, error, null, null, time);
}

/// <summary>A solver that runs a standalone SMT-LIB2 script under the given limits.</summary>
public interface ISolver
{
    string Name { get; }
    SolverAnswer CheckScript(string smtlib2, SolverLimits limits);
}
