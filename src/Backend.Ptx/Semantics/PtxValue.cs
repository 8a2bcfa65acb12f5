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
    /// <summary>A .b32 holding two 16-bit halves (<see cref="PtxValue{T}.Halves"/>) whose bits are not all known: what
    /// `mov.b32 d, {lo, hi}` of symbolic f16/bf16 values gives (only symbolic domains; a concrete pack is Bits).</summary>
    Packed,
}

/// <summary>A register value: concrete bits or a domain value with its dtype. Invariant: Kind == Bits ⇒ Value is
/// default; Kind == Float ⇒ FloatType is F16, BF16, F32, F64 or Bool; Kind == Packed ⇔ Halves is not null, and then
/// the register's bits are Hi·2^16 + Lo with each half a Bits value below 2^16 or an F16/BF16 Float.</summary>
public readonly record struct PtxValue<T>(PtxValueKind Kind, ulong Bits, T? Value, DType FloatType)
{
    /// <summary>The two halves of a Packed value; null otherwise.</summary>
    public PtxHalves<T>? Halves { get; init; }

    public static PtxValue<T> OfHalves(PtxValue<T> lo, PtxValue<T> hi) =>
        new(PtxValueKind.Packed, 0, default, DType.Index) { Halves = new PtxHalves<T>(lo, hi) };

    public static PtxValue<T> Undefined => default;
    public static PtxValue<T> OfBits(ulong bits) => new(PtxValueKind.Bits, bits, default, DType.Index);
    public static PtxValue<T> OfFloat(T value, DType type) => new(PtxValueKind.Float, 0, value, type);
    public static PtxValue<T> OfBool(bool b) => OfBits(b ? 1UL : 0UL);

    public bool IsDefined => Kind != PtxValueKind.Undefined;

    public override string ToString() => Kind switch
    {
        PtxValueKind.Bits => $"0x{Bits:X}",
        PtxValueKind.Float => $"{Value} : {FloatType.Name()}",
        PtxValueKind.Packed => $"{{{Halves!.Lo}, {Halves.Hi}}}",
        _ => "undefined",
    };
}
