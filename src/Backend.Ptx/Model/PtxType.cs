namespace KernelC.Backend.Ptx.Model;

/// <summary>PTX fundamental types (the subset KernelC reads). Invariant: the name is the PTX spelling without the dot.</summary>
public enum PtxType
{
    Pred, B8, B16, B32, B64, U8, U16, U32, U64, S8, S16, S32, S64, F16, F16x2, BF16, BF16x2, F32, F64,
}

/// <summary>The kind of a PTX type: what its bits mean.</summary>
public enum PtxTypeKind { Pred, Bits, Unsigned, Signed, Float }

public static class PtxTypes
{
    /// <summary>Width in bits (.pred counts as 1).</summary>
    public static int Bits(this PtxType t) => t switch
    {
        PtxType.Pred => 1,
        PtxType.B8 or PtxType.U8 or PtxType.S8 => 8,
        PtxType.B16 or PtxType.U16 or PtxType.S16 or PtxType.F16 or PtxType.BF16 => 16,
        PtxType.B32 or PtxType.U32 or PtxType.S32 or PtxType.F32 or PtxType.F16x2 or PtxType.BF16x2 => 32,
        PtxType.B64 or PtxType.U64 or PtxType.S64 or PtxType.F64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Width in bytes in memory (.pred is not storable: 0).</summary>
    public static int Bytes(this PtxType t) => t == PtxType.Pred ? 0 : t.Bits() / 8;

    public static PtxTypeKind Kind(this PtxType t) => t switch
    {
        PtxType.Pred => PtxTypeKind.Pred,
        PtxType.B8 or PtxType.B16 or PtxType.B32 or PtxType.B64 or PtxType.F16x2 or PtxType.BF16x2 => PtxTypeKind.Bits,
        PtxType.U8 or PtxType.U16 or PtxType.U32 or PtxType.U64 => PtxTypeKind.Unsigned,
        PtxType.S8 or PtxType.S16 or PtxType.S32 or PtxType.S64 => PtxTypeKind.Signed,
        _ => PtxTypeKind.Float,
    };

    public static bool IsFloat(this PtxType t) => t.Kind() == PtxTypeKind.Float;
    public static bool IsInteger(this PtxType t) => t.Kind() is PtxTypeKind.Unsigned or PtxTypeKind.Signed;

    public static string Name(this PtxType t) => t.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out PtxType t)
    {
        foreach (var v in Enum.GetValues<PtxType>())
            if (v.Name() == name) { t = v; return true; }
        t = default;
        return false;
    }

    /// <summary>Register-type compatibility (PTX ISA "operand type checking", relaxed for registers): a register of
    /// type r may be used by an instruction of type i when both have the same width and either is a .bN type or
    /// both have the same kind; .u and .s of equal width are interchangeable; .pred only with .pred.</summary>
    public static bool RegisterFits(PtxType register, PtxType instruction)
    {
        if (register == instruction) return true;
        if (register == PtxType.Pred || instruction == PtxType.Pred) return false;
        if (register.Bits() != instruction.Bits()) return false;
        var (rk, ik) = (register.Kind(), instruction.Kind());
        if (rk == PtxTypeKind.Bits || ik == PtxTypeKind.Bits) return true;
        if (rk is PtxTypeKind.Unsigned or PtxTypeKind.Signed && ik is PtxTypeKind.Unsigned or PtxTypeKind.Signed) return true;
        return false;
    }
}
