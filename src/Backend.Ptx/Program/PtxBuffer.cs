using KernelC.IR;

namespace KernelC.Backend.Ptx.Program;

public enum PtxBufferKind { Input, Output, Scratch }

/// <summary>A global buffer of a program: dense, row-major, ElementType elements, Shape in the kernel's dims.
/// Inputs are the kernel's params (read-only), Outputs its outputs, Scratch the intermediate top-level tensors
/// that one launch writes and a later one reads.</summary>
public sealed record PtxBuffer(string Name, PtxBufferKind Kind, DType ElementType, EqArray<Dim> Shape)
{
    /// <summary>Number of elements under an assignment of the dims.</summary>
    public long ElementCount(IReadOnlyDictionary<string, long> dims)
    {
        long n = 1;
        foreach (var d in Shape) n = checked(n * d.Evaluate(dims));
        return n;
    }

    /// <summary>Size in bytes under an assignment of the dims.</summary>
    public long ByteSize(IReadOnlyDictionary<string, long> dims) => checked(ElementCount(dims) * ElementType.ByteSize());
}
