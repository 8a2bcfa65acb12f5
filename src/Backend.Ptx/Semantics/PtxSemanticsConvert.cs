using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

public sealed partial class PtxSemantics<T>
{
    /// <summary>setp.cmp.T: integers compare concretely (signed for .sN, unsigned for .uN/.bN and lo/ls/hi/hs);
    /// floats through the domain. Ordered comparisons are false when an operand is NaN; the *u forms are true then.
    /// num ⇔ a = a ∧ b = b; nan ⇔ ¬num. (The domain's Ne is ¬(a = b), i.e. PTX's neu.)</summary>
    public PtxValue<T> Setp(PtxForm f, PtxValue<T> a, PtxValue<T> b)
    {
        var ty = f.Type;
        if (!ty.IsFloat())
        {
            int n = ty.Bits();
            ulong ua = AsBits(a, n), ub = AsBits(b, n);
            int c = ty.Kind() == PtxTypeKind.Signed && f.Cmp is not (PtxCmp.Lo or PtxCmp.Ls or PtxCmp.Hi or PtxCmp.Hs)
                ? SignExtend(ua, n).CompareTo(SignExtend(ub, n)) : ua.CompareTo(ub);
            bool r = f.Cmp switch
            {
                PtxCmp.Eq => c == 0, PtxCmp.Ne => c != 0,
                PtxCmp.Lt or PtxCmp.Lo => c < 0, PtxCmp.Le or PtxCmp.Ls => c <= 0,
                PtxCmp.Gt or PtxCmp.Hi => c > 0, PtxCmp.Ge or PtxCmp.Hs => c >= 0,
                _ => throw Bad(PtxOp.Setp),
            };
            return PtxValue<T>.OfBool(r);
        }
        var t = FloatDType(ty);
        T x = In(f, a, t), y = In(f, b, t);
        var d = Domain;
        T res = f.Cmp switch
        {
            PtxCmp.Eq => d.Compare(CmpPred.Eq, x, y, t),
            PtxCmp.Ne => d.And(d.Compare(CmpPred.Ne, x, y, t), Num(x, y, t)),
            PtxCmp.Lt => d.Compare(CmpPred.Lt, x, y, t),
            PtxCmp.Le => d.Compare(CmpPred.Le, x, y, t),
            PtxCmp.Gt => d.Compare(CmpPred.Gt, x, y, t),
            PtxCmp.Ge => d.Compare(CmpPred.Ge, x, y, t),
            PtxCmp.Equ => d.Or(d.Compare(CmpPred.Eq, x, y, t), d.Not(Num(x, y, t))),
            PtxCmp.Neu => d.Compare(CmpPred.Ne, x, y, t),
            PtxCmp.Ltu => d.Or(d.Compare(CmpPred.Lt, x, y, t), d.Not(Num(x, y, t))),
            PtxCmp.Leu => d.Or(d.Compare(CmpPred.Le, x, y, t), d.Not(Num(x, y, t))),
            PtxCmp.Gtu => d.Or(d.Compare(CmpPred.Gt, x, y, t), d.Not(Num(x, y, t))),
            PtxCmp.Geu => d.Or(d.Compare(CmpPred.Ge, x, y, t), d.Not(Num(x, y, t))),
            PtxCmp.Num => Num(x, y, t),
            PtxCmp.Nan => d.Not(Num(x, y, t)),
            _ => throw Bad(PtxOp.Setp),
        };
        return Pred(res);
    }

    /// <summary>Neither operand is NaN: x = x ∧ y = y.</summary>
    private T Num(T x, T y, DType t) => Domain.And(Domain.Compare(CmpPred.Eq, x, x, t), Domain.Compare(CmpPred.Eq, y, y, t));

    /// <summary>The IR integer dtype of a PTX integer type, when one exists (s8 → i8, s32 → i32, s64 → index).</summary>
    private static DType? IntDType(PtxType t) => t switch
    {
        PtxType.S8 => DType.I8, PtxType.S32 => DType.I32, PtxType.S64 => DType.Index, _ => null,
    };

    /// <summary>cvt.dtype.atype d, a (rules in PtxDecoder.Cvt). float→float: the domain's Convert in the rounding mode
    /// (exact when widening). float→int: round in the mode to an integer, saturate to the destination range, NaN → 0
    /// (through the domain for s8/s32/s64, concretely otherwise). int→float: the domain's Convert of the exact
    /// integer (of a symbolic integer: PtxSemanticsSymbolicInt). int→int: sign/zero extension or truncation, .sat
    /// clamping to the destination range.</summary>
    public PtxValue<T> Cvt(PtxForm f, PtxValue<T> a)
    {
        PtxType dt = f.Type, st = f.Source;
        var mode = f.Rounding ?? RoundingMode.NearestEven;
        if (dt.IsFloat() && st.IsFloat())
        {
            var (d, s) = (FloatDType(dt), FloatDType(st));
            T x = In(f, a, s);
            T r = d == s ? x : Domain.Convert(x, s, d, mode);
            return Float(Out(f, r, d), d);
        }
        if (st.IsFloat())
        {
            var s = FloatDType(st);
            T x = In(f, a, s);
            if (IntDType(dt) is { } di)
            {
                T r = Domain.Convert(x, s, di, mode);
                return Domain.TryGetBits(r, di, out var bits) ? Bits(bits, dt.Bits()) : Float(r, di);
            }
            if (!Domain.TryGetBits(x, s, out var xb))
                throw new PtxSemanticsException(PtxFaultKind.Unsupported, $"cvt.{dt.Name()}.{st.Name()} of a symbolic value (only .s8/.s32/.s64 results are symbolic)");
            double v = FloatFormat.FromBits(xb, s);
            if (double.IsNaN(v)) return Bits(0, dt.Bits());
            double r2 = FloatFormat.RoundToInteger(v, mode);
            var (lo, hi) = Range(dt);
            return Bits(r2 <= (double)lo ? unchecked((ulong)(long)lo) : r2 >= (double)hi ? (ulong)hi : unchecked((ulong)(long)r2), dt.Bits());
        }
        if (IsSymbolicInt(a) && dt.IsFloat()) return SymbolicIntToFloat(f, a, mode);
        int sn = st.Bits();
        ulong ub = AsBits(a, sn);
        Int128 iv = st.Kind() == PtxTypeKind.Signed ? SignExtend(ub, sn) : (Int128)ub;
        if (dt.IsFloat())
        {
            var d = FloatDType(dt);
            if (iv > (1L << 53) || iv < -(1L << 53))
                throw new PtxSemanticsException(PtxFaultKind.Unsupported, $"cvt.{dt.Name()}.{st.Name()} of an integer beyond 2^53 is not modelled");
            return Float(Out(f, Domain.Convert(Domain.Const((double)(long)iv, DType.Index), DType.Index, d, mode), d), d);
        }
        if (f.Sat)
        {
            var (lo, hi) = Range(dt);
            iv = iv < lo ? lo : iv > hi ? hi : iv;
        }
        return Bits((ulong)(iv & ulong.MaxValue), dt.Bits());
    }

    /// <summary>The value range of an integer type, as Int128.</summary>
    private static (Int128 Lo, Int128 Hi) Range(PtxType t)
    {
        int n = t.Bits();
        return t.Kind() == PtxTypeKind.Signed
            ? (-((Int128)1 << (n - 1)), ((Int128)1 << (n - 1)) - 1)
            : (0, ((Int128)1 << n) - 1);
    }

    /// <summary>cvt.rn.{f16x2|bf16x2}.f32 d, a, b: d = (round(a) &lt;&lt; 16) | round(b) — a in the upper half.</summary>
    public PtxValue<T> CvtPack(PtxForm f, PtxValue<T> a, PtxValue<T> b)
    {
        var h = f.Type == PtxType.F16x2 ? DType.F16 : DType.BF16;
        var mode = f.Rounding ?? RoundingMode.NearestEven;
        ulong hi = HalfBits(Domain.Convert(In(f, a, DType.F32), DType.F32, h, mode), h);
        ulong lo = HalfBits(Domain.Convert(In(f, b, DType.F32), DType.F32, h, mode), h);
        return Bits((hi << 16) | lo, 32);
    }

    private ulong HalfBits(T x, DType h) => Domain.TryGetBits(x, h, out var bits) ? bits & 0xFFFF
        : throw new PtxSemanticsException(PtxFaultKind.Unsupported, $"packing a symbolic {h.Name()} into a register is not modelled");

    /// <summary>mov.b32 d, {lo, hi} (b64: two b32): d = hi·2^w + lo with w the half width. When a 16-bit half is a
    /// float whose bits the domain does not know (a symbolic f16/bf16), d is Packed: it keeps both halves as they are,
    /// so that Unpack and mma read them back exactly (no bit is invented).</summary>
    public PtxValue<T> Pack(PtxForm f, PtxValue<T> lo, PtxValue<T> hi)
    {
        int w = f.Type.Bits() / 2;
        if (w == 16 && (!KnownBits(lo) || !KnownBits(hi)))
            return PtxValue<T>.OfHalves(PackedHalf(lo), PackedHalf(hi));
        return Bits((AsBits(hi, w) << w) | AsBits(lo, w), 2 * w);
    }

    /// <summary>Whether a defined value's bits are known (integers always; floats when the domain knows them).</summary>
    private bool KnownBits(PtxValue<T> v) => v.Kind switch
    {
        PtxValueKind.Bits => true,
        PtxValueKind.Float => Domain.TryGetBits(v.Value!, v.FloatType, out _),
        PtxValueKind.Packed => KnownBits(v.Halves!.Lo) && KnownBits(v.Halves.Hi),
        _ => throw Undefined(),
    };

    /// <summary>A half of a packed register: 16 bits, or an F16/BF16 float (the only floats a .b16 register holds).</summary>
    private PtxValue<T> PackedHalf(PtxValue<T> v) => v.Kind switch
    {
        PtxValueKind.Bits => Bits(v.Bits, 16),
        PtxValueKind.Float when v.FloatType == DType.F16 || v.FloatType == DType.BF16 => v,
        PtxValueKind.Float => throw new PtxSemanticsException(PtxFaultKind.Unsupported, $"packing a symbolic {v.FloatType.Name()} value into a 16-bit half is not modelled"),
        _ => throw Undefined(),
    };

    /// <summary>mov.b32 {lo, hi}, s: the low and high halves (of a Packed value: its halves as they are).</summary>
    public (PtxValue<T> Lo, PtxValue<T> Hi) Unpack(PtxForm f, PtxValue<T> s)
    {
        int w = f.Type.Bits() / 2;
        if (w == 16 && s.Kind == PtxValueKind.Packed) return (s.Halves!.Lo, s.Halves.Hi);
        ulong x = AsBits(s, 2 * w);
        return (Bits(x, w), Bits(x >> w, w));
    }

    /// <summary>A value loaded from memory: the bytes' bits as a value of type t (floats into the domain;
    /// integers zero- or sign-extended to 64 bits: .sN sign-extends).</summary>
    public PtxValue<T> FromMemory(ulong bits, PtxType t)
    {
        if (t.IsFloat()) { var d = FloatDType(t); return Float(Domain.FromBits(bits, d), d); }
        int n = t.Bits();
        return t.Kind() == PtxTypeKind.Signed ? PtxValue<T>.OfBits(unchecked((ulong)SignExtend(bits, n))) : Bits(bits, n);
    }
}
