using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>An instruction that cannot produce a value (integer division by zero, a bit operation on a symbolic
/// float, a read of a never-written register). Thrown by <see cref="PtxSemantics{T}"/> and the block executor and
/// always turned into a <see cref="PtxFault"/> by <see cref="PtxInterpreter"/> / <see cref="PtxBlockRunner"/>: it never
/// reaches a user.</summary>
public sealed class PtxSemanticsException(PtxFaultKind kind, string message) : Exception(message)
{
    public PtxFaultKind Kind { get; } = kind;
}
