using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>The one call from the lowering proof into the PTX semantics: one thread block of one launch, run by the
/// PTX backend's block executor (<see cref="PtxBlockRunner"/>: SIMT warps, shared memory with race detection,
/// barriers, shuffles — the same code the CPU interpreter runs) over the lowering domain and the symbolic global
/// memory. Integers, addresses and branch conditions stay concrete; a branch, guard or address that depends on a
/// float value is an Unsupported fault. Null when the block completed, else its first fault.</summary>
internal static class PtxSymbolicBlock
{
    public static PtxFault? Run(PtxModule module, string entry, LaunchConfig config, IReadOnlyList<PtxArg> args,
        (int X, int Y, int Z) block, LoweringPtxDomain domain, SymbolicGlobalMemory memory, PtxRunOptions options)
    {
        var values = args.Select(a => a switch
        {
            PtxArg.U64 u => PtxValue<SymVal>.OfBits(u.Value),
            PtxArg.U32 u => PtxValue<SymVal>.OfBits(u.Value),
            PtxArg.F32 f => PtxValue<SymVal>.OfFloat(domain.Const(f.Value, DType.F32), DType.F32),
            _ => throw new InvalidOperationException("unknown argument kind"),
        }).ToList();
        memory.Current = memory.Current with { Block = block };
        return PtxBlockRunner.RunBlock(module, entry, config, block, values, domain, memory, options).Fault;
    }
}
