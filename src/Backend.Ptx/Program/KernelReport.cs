namespace KernelC.Backend.Ptx.Program;

/// <summary>What one launch costs: declared virtual registers per thread (ptxas allocates the real ones), static
/// shared memory bytes per block, threads per block, and floating-point operations and global-memory bytes per
/// launch as formulas in the dims (products and sums of dims and integers, e.g. "2*M*N*K").</summary>
public sealed record KernelReport(int Registers, long SharedBytes, int ThreadsPerBlock, string FlopsFormula,
    string GlobalBytesFormula)
{
    public long? EvaluateFlops(IReadOnlyDictionary<string, long> dims) => Formula.TryEvaluate(FlopsFormula, dims);
    public long? EvaluateGlobalBytes(IReadOnlyDictionary<string, long> dims) => Formula.TryEvaluate(GlobalBytesFormula, dims);
}
