using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Checking;

/// <summary>How <see cref="Checker.Check"/> proves: the solver, its per-query limits, and optionally which kernels
/// to check (null: all). Every query runs under <see cref="Limits"/>; a timeout is Unknown, never Proved.</summary>
public sealed record CheckOptions(ISolver Solver, SolverLimits Limits)
{
    /// <summary>z3 in-process with a 10 s timeout per query.</summary>
    public static CheckOptions Default { get; } = new(new Z3Solver(), new SolverLimits(TimeoutMs: 10_000));

    /// <summary>Kernels to check by name; null checks every kernel. A name that is not in both modules is a rejection.</summary>
    public IReadOnlyList<string>? Kernels { get; init; }

    /// <summary>Upper bound on queries run at once (default: the processor count).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
