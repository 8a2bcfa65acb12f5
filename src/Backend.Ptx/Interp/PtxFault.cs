namespace KernelC.Backend.Ptx.Interp;

/// <summary>Why a run stopped without a result. A fault is a value, never an exception.</summary>
public enum PtxFaultKind
{
    OutOfBounds, Misaligned, BarrierDivergence, SharedMemoryRace, InvalidShuffle, InactiveLaneRead, Trap, StepLimit,
    BadLaunch,
    /// <summary>A read of a register that was never written.</summary>
    UndefinedValue,
    /// <summary>A .sync.aligned warp instruction (mma.sync) not executed by all 32 lanes of the warp together.</summary>
    InvalidWarpSync,
    /// <summary>A branch or address depends on a value the domain cannot make concrete (symbolic execution only).</summary>
    Unsupported,
}

/// <summary>The first fault of a run: its kind, a message, the PTX line of the faulting instruction (0 for launch
/// faults) and the block and thread that hit it.</summary>
public sealed record PtxFault(PtxFaultKind Kind, string Message, int Line, (int X, int Y, int Z) Block,
    (int X, int Y, int Z) Thread)
{
    public override string ToString() =>
        $"{Kind} at line {Line}, block ({Block.X},{Block.Y},{Block.Z}) thread ({Thread.X},{Thread.Y},{Thread.Z}): {Message}";
}

/// <summary>The outcome of a run: no fault (outputs are in memory) or the first fault; the warp instructions executed.</summary>
public sealed record PtxRunResult(PtxFault? Fault, long WarpInstructions)
{
    public bool Ok => Fault is null;
}

/// <summary>Run limits. MaxWarpInstructions bounds the total work (a StepLimit fault beyond it, never a hang);
/// DetectRaces turns the shared-memory race detector on (default).</summary>
public sealed record PtxRunOptions(long MaxWarpInstructions = 200_000_000, bool DetectRaces = true)
{
    public static PtxRunOptions Default { get; } = new();
}
