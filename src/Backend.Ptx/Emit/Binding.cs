using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>Where an IR value lives in the emitted code.</summary>
internal abstract record Binding
{
    /// <summary>A scalar in a register of its dtype's class.</summary>
    public sealed record Scalar(string Reg, DType Type) : Binding;
    /// <summary>A kernel-level tensor in global memory: a .b64 global address register, dense row-major.</summary>
    public sealed record Global(string AddressReg, DType Type, EqArray<Dim> Shape) : Binding;
    /// <summary>A local tensor in a static shared array: a .b32 register holding its shared-window address.</summary>
    public sealed record Shared(string AddressReg, DType Type, EqArray<Dim> Shape) : Binding;
}
