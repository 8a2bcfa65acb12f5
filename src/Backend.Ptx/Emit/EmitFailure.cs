namespace KernelC.Backend.Ptx.Emit;

/// <summary>Internal control flow of the emitter only: aborts the emission of a kernel; always turned into the
/// KC08xx diagnostic it carries by <see cref="PtxEmitter.Emit"/>.</summary>
internal sealed class EmitFailure(string id, string message) : Exception(message)
{
    public string Id { get; } = id;
}
