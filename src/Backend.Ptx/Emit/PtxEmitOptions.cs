namespace KernelC.Backend.Ptx.Emit;

/// <summary>Choices of the emitter that keep the program's meaning. TensorCores: a matmul-shaped compute
/// (<see cref="MmaMatmulPattern"/>) becomes a warp-per-tile mma.sync kernel (<see cref="MmaMatmulEmitter"/>); false
/// keeps the thread-per-element loop (bit-exact against the reference interpreter, useful to compare).</summary>
public sealed record PtxEmitOptions(bool TensorCores = true)
{
    public static PtxEmitOptions Default { get; } = new();
}
