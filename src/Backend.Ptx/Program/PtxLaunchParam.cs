namespace KernelC.Backend.Ptx.Program;

public enum PtxParamKind { Buffer, Dim }

/// <summary>One parameter of an .entry, in order. Buffer: a .u64 global pointer to the buffer of that name;
/// Dim: the .u32 value of the dimension of that name.</summary>
public sealed record PtxLaunchParam(string Name, PtxParamKind Kind);
