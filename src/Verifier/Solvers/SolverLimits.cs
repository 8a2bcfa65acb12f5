namespace KernelC.Verifier.Solvers;

/// <summary>Limits of one query: wall-clock timeout (ms), z3 resource limit (rlimit units), random seed.
/// Every solver call runs under all three; none of them is ever part of a hashed artifact except as these
/// fixed numbers in the script header.</summary>
public sealed record SolverLimits(int TimeoutMs = 10_000, long Rlimit = 200_000_000, int Seed = 0)
{
    public static readonly SolverLimits Default = new();
}
