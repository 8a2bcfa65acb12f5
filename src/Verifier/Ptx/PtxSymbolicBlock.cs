using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;

namespace KernelC.Verifier.Ptx;

/// <summary>The one call from the lowering proof into the PTX semantics: run one thread block of one launch over the
/// lowering domain and the symbolic global memory with READER/INTERP's block executor (the same code the CPU
/// interpreter runs, over a different domain). Null when the block ran to completion, else its first fault.</summary>
internal static class PtxSymbolicBlock
{
    public static PtxFault? Run(PtxModule module, string entry, LaunchConfig config, IReadOnlyList<PtxArg> args,
        (int X, int Y, int Z) block, LoweringPtxDomain domain, SymbolicGlobalMemory memory, PtxRunOptions options) =>
        new(PtxFaultKind.Unsupported, "the PTX block executor over a symbolic domain is not available in this build", 0, block, (0, 0, 0));
}
