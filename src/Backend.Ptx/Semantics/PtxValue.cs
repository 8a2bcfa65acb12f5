using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>What a register holds.</summary>
public enum PtxValueKind : byte
{
    /// <summary>Never written (reading it is a fault in the interpreter).</summary>
    Undefined,
    /// <summary>Integer bits (zero-extended to 64 bits); also a predicate known to be 0 or 1.</summary>
    Bits,
    /// <summary>A float value of FloatType in the domain (FloatType Bool: a predicate computed from floats).</summary>
    Float,
}

/// <summary>A register value: concrete bits or a domain value with its dtype. Invariant: Kind == Bits ⇒ Value is
/// default; Kind == Float ⇒ FloatType is F16, BF16, F32, F64 or Bool.</summary>
public readonly record struct PtxValue<T>(PtxValueKind Kind, ulong Bits, T? Value, DType FloatType)
{
    public static PtxValue<T> Undefined => default;
    public static PtxValue<T> OfBits(ulong bits) => new(PtxValueKind.Bits, bits, default, DType.Index);
    public static PtxValue<T> OfFloat(T value, DType type) => new(PtxValueKind.Float, 0, value, type);
    public static PtxValue<T> OfBool(bool b) => OfBits(b ? 1UL : 0UL);

    public bool IsDefined => Kind != PtxValueKind.Undefined;

    public override string ToString() => Kind switch
    {
        PtxValueKind.Bits => $"0x{Bits:X}",
        PtxValueKind.Float => $"{Value} : {FloatType.Name()}",
        _ => "undefined",
    };
}
