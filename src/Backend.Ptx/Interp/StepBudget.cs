namespace KernelC.Backend.Ptx.Interp;

/// <summary>The warp-instruction budget of one run, shared by all its blocks. Invariant: Used ≤ Limit + 1.</summary>
internal sealed class StepBudget(long limit)
{
    public long Limit { get; } = limit;
    public long Used { get; private set; }

    /// <summary>Counts one warp instruction; false once the limit is exceeded.</summary>
    public bool Take() => ++Used <= Limit;
}
