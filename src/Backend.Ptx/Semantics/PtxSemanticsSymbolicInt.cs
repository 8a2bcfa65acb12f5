using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>A SYMBOLIC INTEGER: a register holding a domain value of an integer dtype (Kind Float, FloatType I8, I32
/// or Index) — what cvt.rni.s32.f32 of a symbolic float gives in a symbolic domain (a concrete domain always knows
/// the bits, so it never has one). It is data only; the table lets it through exactly these instructions:
///  - min/max .s8/.s32/.s64 with it and a concrete or symbolic operand: the domain's Min/Max;
///  - cvt to a float from .s8/.s32/.s64: the domain's Convert;
///  - mov, and a selp on a concrete predicate (unchanged);
///  - st of .s8/.s32/.s64 (<see cref="ForStore"/>) and the reload of the same type (the memories check it).
/// Reading it at a signed integer type goes through the domain's Convert, which keeps it only when its value range
/// fits the type (else it throws: a wrap is never modelled). Everything else — an address, a branch predicate,
/// integer arithmetic, an unsigned type — needs its bits, and <see cref="AsBits"/> refuses (Unsupported).</summary>
public sealed partial class PtxSemantics<T>
{
    public static bool IsSymbolicInt(PtxValue<T> v) => v.Kind == PtxValueKind.Float && v.FloatType.IsInteger();

    /// <summary>min/max of a symbolic integer at a signed type, through the domain.</summary>
    private PtxValue<T> SymbolicIntBinary(PtxForm f, PtxValue<T> a, PtxValue<T> b)
    {
        if (f.Op is not (PtxOp.Min or PtxOp.Max) || IntDType(f.Type) is not { } di)
            throw new PtxSemanticsException(PtxFaultKind.Unsupported,
                $"{f.Op.ToString().ToLowerInvariant()}.{f.Type.Name()} of a symbolic integer (a float rounded to an integer) is not modelled");
        T x = IntIn(a, f.Type), y = IntIn(b, f.Type);
        T r = f.Op == PtxOp.Max ? Domain.Max(x, y, di) : Domain.Min(x, y, di);
        return Domain.TryGetBits(r, di, out var bits) ? Bits(bits, f.Type.Bits()) : Float(r, di);
    }

    /// <summary>A value read as an integer of the signed type t: a symbolic integer through the domain's Convert to t's
    /// dtype (it throws when the value's range does not fit t), concrete bits as the sign-extended constant.</summary>
    private T IntIn(PtxValue<T> v, PtxType t)
    {
        var di = IntDType(t) ?? throw new PtxSemanticsException(PtxFaultKind.Unsupported,
            $"a symbolic integer read as .{t.Name()} is not modelled (only .s8, .s32, .s64)");
        if (IsSymbolicInt(v)) return Domain.Convert(v.Value!, v.FloatType, di, RoundingMode.TowardZero);
        long s = SignExtend(AsBits(v, t.Bits()), t.Bits());
        if (Math.Abs((double)s) > 1L << 53)
            throw new PtxSemanticsException(PtxFaultKind.Unsupported, $"the constant {s} next to a symbolic integer is beyond 2^53");
        return Domain.Const(s, di);
    }

    /// <summary>cvt.f.sN of a symbolic integer: its exact value as a float of f (the domain's Convert).</summary>
    private PtxValue<T> SymbolicIntToFloat(PtxForm f, PtxValue<T> a, RoundingMode mode)
    {
        var d = FloatDType(f.Type);
        return Float(Out(f, Domain.Convert(IntIn(a, f.Source), IntDType(f.Source)!.Value, d, mode), d), d);
    }

    /// <summary>The value a st of type t writes: unchanged, except a symbolic integer, which is read at t (it must fit t's
    /// range, else the domain throws) and tagged with t's dtype; at an unsigned or bit type it is refused.</summary>
    public PtxValue<T> ForStore(PtxValue<T> v, PtxType t)
    {
        if (!IsSymbolicInt(v)) return v;
        var di = IntDType(t) ?? throw new PtxSemanticsException(PtxFaultKind.Unsupported,
            $"st.{t.Name()} of a symbolic integer (a float rounded to an integer) is not modelled (only .s8, .s32, .s64)");
        return Float(IntIn(v, t), di);
    }
}
