namespace KernelC.Backend.Ptx.Emit;

/// <summary>Virtual register classes of emitted code: .pred %p, .b16 %h (f16/bf16), .b32 %r (index, i32, i8),
/// .f32 %f, .b64 %rd (global addresses).</summary>
public enum PtxRegClass { Pred, B16, B32, F32, B64 }
