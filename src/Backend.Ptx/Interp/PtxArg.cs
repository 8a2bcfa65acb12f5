namespace KernelC.Backend.Ptx.Interp;

/// <summary>A kernel argument, matched in order against the entry's .params (by width: U64 ↔ .u64/.b64/.s64,
/// U32 ↔ .u32/.b32/.s32, F32 ↔ .f32).</summary>
public abstract record PtxArg
{
    public sealed record U64(ulong Value) : PtxArg;
    public sealed record U32(uint Value) : PtxArg;
    public sealed record F32(float Value) : PtxArg;
}
