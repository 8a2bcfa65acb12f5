using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>THE table of PTX instruction semantics (docs/ptx.md "Interpreter"): the value each arithmetic,
/// comparison, conversion and data instruction of the subset computes for one lane, over a domain. Float values go
/// through the domain (the IR's IEEE semantics for the concrete domain); integers are concrete two's complement of
/// the instruction's width. The CPU interpreter and the lowering proof's symbolic executor both call only this.</summary>
public sealed partial class PtxSemantics<T>(IPtxDomain<T> domain)
{
    public IPtxDomain<T> Domain { get; } = domain;

    /// <summary>The IR dtype of a PTX float type (f16, bf16, f32, f64).</summary>
    public static DType FloatDType(PtxType t) => t switch
    {
        PtxType.F16 => DType.F16, PtxType.BF16 => DType.BF16, PtxType.F32 => DType.F32, PtxType.F64 => DType.F64,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a float type"),
    };

    public static ulong Mask(int bits) => bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;

    /// <summary>The low <paramref name="bits"/> of x read as a signed number.</summary>
    public static long SignExtend(ulong x, int bits) => bits >= 64 ? (long)x : ((long)(x << (64 - bits))) >> (64 - bits);

    // ---- reading values at a type ----------------------------------------------------------------------------

    /// <summary>A value as a float of dtype t: a float of that dtype as is; integer bits reinterpreted.</summary>
    public T AsFloat(PtxValue<T> v, DType t)
    {
        switch (v.Kind)
        {
            case PtxValueKind.Float when v.FloatType == t: return v.Value!;
            case PtxValueKind.Bits: return Domain.FromBits(v.Bits & Mask(FloatFormat.BitWidth(t)), t);
            case PtxValueKind.Float or PtxValueKind.Packed: return Domain.FromBits(AsBits(v, FloatFormat.BitWidth(t)), t);
            default: throw Undefined();
        }
    }

    /// <summary>A value's low <paramref name="bits"/> bits (floats by their IEEE pattern: concrete domains only).</summary>
    public ulong AsBits(PtxValue<T> v, int bits)
    {
        switch (v.Kind)
        {
            case PtxValueKind.Bits: return v.Bits & Mask(bits);
            case PtxValueKind.Float:
                if (!Domain.TryGetBits(v.Value!, v.FloatType, out var b))
                    throw new PtxSemanticsException(PtxFaultKind.Unsupported, v.FloatType.IsInteger()
                        ? "the bits of a symbolic integer (a float rounded to an integer) are not known: it is data only, never an address, a branch or integer arithmetic"
                        : $"the bits of a symbolic {v.FloatType.Name()} value are not known (an integer operation on a float)");
                return b & Mask(bits);
            case PtxValueKind.Packed:
                return ((AsBits(v.Halves!.Hi, 16) << 16) | AsBits(v.Halves.Lo, 16)) & Mask(bits);
            default: throw Undefined();
        }
    }

    /// <summary>A predicate's truth when it is known (always for integer comparisons; for float comparisons when the
    /// domain is concrete); null for a symbolic predicate.</summary>
    public bool? AsBool(PtxValue<T> v) => v.Kind switch
    {
        PtxValueKind.Bits => (v.Bits & 1) != 0,
        PtxValueKind.Float when v.FloatType == DType.Bool => Domain.TryGetBool(v.Value!, out var b) ? b : null,
        PtxValueKind.Float => throw new PtxSemanticsException(PtxFaultKind.Unsupported, "a float used as a predicate"),
        PtxValueKind.Packed => (AsBits(v, 1) & 1) != 0,
        _ => throw Undefined(),
    };

    private T BoolTerm(PtxValue<T> v) => v.Kind == PtxValueKind.Float && v.FloatType == DType.Bool
        ? v.Value! : Domain.Const(AsBool(v)!.Value ? 1 : 0, DType.Bool);

    /// <summary>A predicate result: concrete bits when the domain knows it, else the domain's bool.</summary>
    private PtxValue<T> Pred(T b) => Domain.TryGetBool(b, out var c) ? PtxValue<T>.OfBool(c) : PtxValue<T>.OfFloat(b, DType.Bool);

    private static PtxSemanticsException Undefined() =>
        new(PtxFaultKind.UndefinedValue, "read of a register that was never written");

    private PtxValue<T> Float(T x, DType t) => PtxValue<T>.OfFloat(x, t);

    // ---- arithmetic --------------------------------------------------------------------------------------------

    /// <summary>add, sub, mul, div, rem, min, max, and, or, xor, shl, shr.</summary>
    public PtxValue<T> Binary(PtxForm f, PtxValue<T> a, PtxValue<T> b)
    {
        var t = f.Type;
        if (t.IsFloat()) return FloatBinary(f, a, b);
        if (t == PtxType.Pred) return PredBinary(f.Op, a, b);
        if (IsSymbolicInt(a) || IsSymbolicInt(b)) return SymbolicIntBinary(f, a, b);
        int n = t.Bits();
        bool signed = t.Kind() == PtxTypeKind.Signed;
        if (f.Op is PtxOp.Shl or PtxOp.Shr)
        {
            ulong x = AsBits(a, n), s = AsBits(b, 32);
            if (f.Op == PtxOp.Shl) return Bits(s >= (ulong)n ? 0 : x << (int)s, n);
            if (signed) return Bits((ulong)(SignExtend(x, n) >> (int)Math.Min(s, (ulong)n - 1)), n);
            return Bits(s >= (ulong)n ? 0 : x >> (int)s, n);
        }
        ulong ua = AsBits(a, n), ub = AsBits(b, n);
        long sa = SignExtend(ua, n), sb = SignExtend(ub, n);
        switch (f.Op)
        {
            case PtxOp.Add when f.Sat: return Bits((ulong)Math.Clamp(sa + sb, int.MinValue, int.MaxValue), n); // s32 only
            case PtxOp.Sub when f.Sat: return Bits((ulong)Math.Clamp(sa - sb, int.MinValue, int.MaxValue), n);
            case PtxOp.Add: return Bits(unchecked(ua + ub), n);
            case PtxOp.Sub: return Bits(unchecked(ua - ub), n);
            case PtxOp.Mul: return IntMul(f, ua, ub, signed, n);
            case PtxOp.Div or PtxOp.Rem:
                if (ub == 0) throw new PtxSemanticsException(PtxFaultKind.Trap, $"integer {f.Op.ToString().ToLowerInvariant()} by zero (unspecified in PTX)");
                if (signed)
                {
                    if (sb == -1) return Bits(f.Op == PtxOp.Div ? unchecked((ulong)-sa) : 0, n); // MIN / -1 wraps to MIN
                    return Bits((ulong)(f.Op == PtxOp.Div ? sa / sb : sa % sb), n);
                }
                return Bits(f.Op == PtxOp.Div ? ua / ub : ua % ub, n);
            case PtxOp.Min: return Bits(signed ? (ulong)Math.Min(sa, sb) : Math.Min(ua, ub), n);
            case PtxOp.Max: return Bits(signed ? (ulong)Math.Max(sa, sb) : Math.Max(ua, ub), n);
            case PtxOp.And: return Bits(ua & ub, n);
            case PtxOp.Or: return Bits(ua | ub, n);
            case PtxOp.Xor: return Bits(ua ^ ub, n);
            default: throw new ArgumentException($"{f.Op} is not a binary instruction", nameof(f));
        }
    }

    private static PtxValue<T> Bits(ulong x, int n) => PtxValue<T>.OfBits(x & Mask(n));

    /// <summary>mul.lo: low n bits; mul.hi: high n bits of the 2n-bit product; mul.wide: the 2n-bit product.</summary>
    private static PtxValue<T> IntMul(PtxForm f, ulong ua, ulong ub, bool signed, int n)
    {
        // the 2n-bit product's low 128 bits (n <= 64); shifts below only read bits under 2n
        UInt128 p = signed ? (UInt128)((Int128)SignExtend(ua, n) * SignExtend(ub, n)) : (UInt128)ua * ub;
        return f.Mul switch
        {
            PtxMulMode.Lo => Bits((ulong)(p & ulong.MaxValue), n),
            PtxMulMode.Hi => Bits((ulong)((p >> n) & ulong.MaxValue), n),
            PtxMulMode.Wide => Bits((ulong)(p & ulong.MaxValue), 2 * n),
            _ => throw new ArgumentException("integer mul without .lo/.hi/.wide", nameof(f)),
        };
    }

    private PtxValue<T> PredBinary(PtxOp op, PtxValue<T> a, PtxValue<T> b)
    {
        var (ba, bb) = (AsBool(a), AsBool(b));
        if (ba is { } x && bb is { } y)
            return PtxValue<T>.OfBool(op switch { PtxOp.And => x & y, PtxOp.Or => x | y, PtxOp.Xor => x ^ y, _ => throw Bad(op) });
        var (ta, tb) = (BoolTerm(a), BoolTerm(b));
        return Pred(op switch
        {
            PtxOp.And => Domain.And(ta, tb),
            PtxOp.Or => Domain.Or(ta, tb),
            PtxOp.Xor => Domain.Or(Domain.And(ta, Domain.Not(tb)), Domain.And(Domain.Not(ta), tb)),
            _ => throw Bad(op),
        });
    }

    private static ArgumentException Bad(PtxOp op) => new($"{op} is not valid here");

    private PtxValue<T> FloatBinary(PtxForm f, PtxValue<T> a, PtxValue<T> b)
    {
        var t = FloatDType(f.Type);
        T x = In(f, a, t), y = In(f, b, t);
        T r = f.Op switch
        {
            PtxOp.Add => Domain.Add(x, y, t),
            PtxOp.Sub => Domain.Sub(x, y, t),
            PtxOp.Mul => Domain.Mul(x, y, t),
            PtxOp.Div => Domain.Div(x, y, t),
            PtxOp.Min => f.NaN ? Domain.Min(x, y, t) : NonNaN(x, y, Domain.Min(x, y, t), t),
            PtxOp.Max => f.NaN ? Domain.Max(x, y, t) : NonNaN(x, y, Domain.Max(x, y, t), t),
            _ => throw Bad(f.Op),
        };
        return Float(Out(f, r, t), t);
    }

    /// <summary>PTX min/max without .NaN: a NaN operand yields the other operand (NaN only if both are).
    /// isnan(x) ⇔ ¬(x = x).</summary>
    private T NonNaN(T x, T y, T both, DType t)
    {
        T xNaN = Domain.Not(Domain.Compare(CmpPred.Eq, x, x, t)), yNaN = Domain.Not(Domain.Compare(CmpPred.Eq, y, y, t));
        return Domain.Select(xNaN, y, Domain.Select(yNaN, x, both, t), t);
    }

    /// <summary>An input operand; with .ftz a subnormal input is flushed to zero of the same sign.</summary>
    private T In(PtxForm f, PtxValue<T> v, DType t) => f.Ftz ? Flush(AsFloat(v, t), t) : AsFloat(v, t);

    /// <summary>A result: .ftz flushes a subnormal result; .sat clamps to [0, 1] (NaN → +0).</summary>
    private T Out(PtxForm f, T r, DType t)
    {
        if (f.Ftz) r = Flush(r, t);
        if (f.Sat)
        {
            T zero = Domain.Const(0, t), one = Domain.Const(1, t);
            T isNaN = Domain.Not(Domain.Compare(CmpPred.Eq, r, r, t));
            r = Domain.Select(isNaN, zero, Domain.Min(Domain.Max(r, zero, t), one, t), t);
        }
        return r;
    }

    /// <summary>|x| &lt; 2^-126 (the smallest normal f32) ⇒ ±0; only f32 has .ftz.</summary>
    private T Flush(T x, DType t)
    {
        T tiny = Domain.Const(Math.ScaleB(1.0, -126), t);
        T sub = Domain.Compare(CmpPred.Lt, Domain.Abs(x, t), tiny, t);
        return Domain.Select(sub, Domain.Mul(x, Domain.Const(0, t), t), x, t); // x·0 = ±0 with x's sign
    }

    /// <summary>neg, abs, not, mov, cvta, ex2.approx, lg2.approx, tanh.approx, rcp.rn, sqrt.rn.</summary>
    public PtxValue<T> Unary(PtxForm f, PtxValue<T> a)
    {
        var ty = f.Type;
        switch (f.Op)
        {
            case PtxOp.Mov or PtxOp.Cvta:
                if (!a.IsDefined) throw Undefined();
                return a;
            case PtxOp.Not when ty == PtxType.Pred:
                return AsBool(a) is { } c ? PtxValue<T>.OfBool(!c) : Pred(Domain.Not(BoolTerm(a)));
            case PtxOp.Not: return Bits(~AsBits(a, ty.Bits()), ty.Bits());
        }
        if (ty.IsFloat())
        {
            var t = FloatDType(ty);
            T x = In(f, a, t);
            T r = f.Op switch
            {
                PtxOp.Neg => Domain.Neg(x, t),
                PtxOp.Abs => Domain.Abs(x, t),
                PtxOp.Ex2 => Domain.Ex2Approx(x, f.Ftz),
                PtxOp.Lg2 => Domain.Lg2Approx(x),
                PtxOp.Tanh => Domain.TanhApprox(x),
                PtxOp.Rcp => Domain.Div(Domain.Const(1, t), x, t),
                PtxOp.Sqrt => Domain.Apply(Opcode.Sqrt, x, t),
                _ => throw Bad(f.Op),
            };
            return Float(Out(f, r, t), t);
        }
        int n = ty.Bits();
        long s = SignExtend(AsBits(a, n), n);
        return f.Op switch
        {
            PtxOp.Neg => Bits(unchecked((ulong)-s), n),
            PtxOp.Abs => Bits(unchecked((ulong)(s < 0 ? -s : s)), n),
            _ => throw Bad(f.Op),
        };
    }

    /// <summary>mad (integer: (a·b)[.lo/.hi/.wide] + c; float: fused), fma, selp.</summary>
    public PtxValue<T> Ternary(PtxForm f, PtxValue<T> a, PtxValue<T> b, PtxValue<T> c)
    {
        if (f.Op == PtxOp.Selp) return Selp(f, a, b, c);
        if (f.Type.IsFloat())
        {
            var t = FloatDType(f.Type);
            return Float(Out(f, Domain.Fma(In(f, a, t), In(f, b, t), In(f, c, t), t), t), t);
        }
        int n = f.Type.Bits(), dn = f.Mul == PtxMulMode.Wide ? 2 * n : n;
        var p = IntMul(f, AsBits(a, n), AsBits(b, n), f.Type.Kind() == PtxTypeKind.Signed, n);
        return Bits(unchecked(p.Bits + AsBits(c, dn)), dn);
    }

    /// <summary>selp d, a, b, p: p ? a : b (a symbolic p selects in the domain: floats only).</summary>
    private PtxValue<T> Selp(PtxForm f, PtxValue<T> a, PtxValue<T> b, PtxValue<T> p)
    {
        if (AsBool(p) is { } c)
        {
            var r = c ? a : b;
            if (!r.IsDefined) throw Undefined();
            return r;
        }
        if (!f.Type.IsFloat())
            throw new PtxSemanticsException(PtxFaultKind.Unsupported, $"selp.{f.Type.Name()} on a symbolic predicate");
        var t = FloatDType(f.Type);
        return Float(Domain.Select(BoolTerm(p), AsFloat(a, t), AsFloat(b, t), t), t);
    }
}
