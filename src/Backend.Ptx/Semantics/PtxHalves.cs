namespace KernelC.Backend.Ptx.Semantics;

/// <summary>The halves of a packed .b32 register: bits [0, 16) are Lo, bits [16, 32) are Hi. Each is a 16-bit Bits
/// value or an F16/BF16 Float of the domain.</summary>
public sealed record PtxHalves<T>(PtxValue<T> Lo, PtxValue<T> Hi);
