using System.Globalization;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Model;

/// <summary>An instruction operand.</summary>
public abstract record PtxOperand
{
    /// <summary>A declared register, e.g. %r1, %f3, %p2, %rd7.</summary>
    public sealed record Register(string Name) : PtxOperand { public override string ToString() => Name; }

    /// <summary>A special register: %tid.x/y/z, %ntid.*, %ctaid.*, %nctaid.*, %laneid, %warpid.</summary>
    public sealed record Special(string Name) : PtxOperand { public override string ToString() => Name; }

    /// <summary>An integer immediate (decimal, 0x hex; negative allowed); its width comes from the instruction type.</summary>
    public sealed record ImmInt(long Value) : PtxOperand { public override string ToString() => Value.ToString(CultureInfo.InvariantCulture); }

    /// <summary>A float immediate: 0fXXXXXXXX (f32 bits, IsDouble = false) or 0dXXXXXXXXXXXXXXXX (f64 bits), or a
    /// decimal literal (read as a double). Value is exact: the f32 hex form converts to double without rounding.</summary>
    public sealed record ImmFloat(double Value, bool IsDouble) : PtxOperand
    {
        public override string ToString() => IsDouble
            ? "0d" + BitConverter.DoubleToInt64Bits(Value).ToString("X16", CultureInfo.InvariantCulture)
            : "0f" + BitConverter.SingleToInt32Bits((float)Value).ToString("X8", CultureInfo.InvariantCulture);
    }

    /// <summary>An address [base+offset]: Base is a register (%rd1) or a variable (a .param or .shared name).</summary>
    public sealed record Address(string Base, long Offset) : PtxOperand
    {
        public bool BaseIsRegister => Base.StartsWith('%');
        public override string ToString() => Offset == 0 ? $"[{Base}]" : $"[{Base}+{Offset.ToString(CultureInfo.InvariantCulture)}]";
    }

    /// <summary>A vector operand {a, b, c, d} (ld/st .v2/.v4, mma fragments).</summary>
    public sealed record Vector(EqArray<PtxOperand> Elements) : PtxOperand
    {
        public override string ToString() => "{" + string.Join(", ", Elements.Select(e => e.ToString())) + "}";
    }

    /// <summary>A name that is not a register: a branch target label or a variable whose address is taken
    /// (mov.u64 %rd1, smem).</summary>
    public sealed record Symbol(string Name) : PtxOperand { public override string ToString() => Name; }
}
