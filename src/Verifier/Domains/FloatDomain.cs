using System.Numerics;
using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Domains;

/// <summary>Bit-precise IEEE: f64/f32/f16/bf16 are FloatingPoint 11/53, 8/24, 5/11, 8/8; every arithmetic op rounds
/// to nearest even in its dtype. Integers are bit-vectors of their width with two's complement wraparound (i8 8,
/// i32 32, index 64); bool is Bool. Transcendentals are uninterpreted functions over the FP sort.
/// Choices, shared with the concrete IEEE domain:
///  - comparisons are IEEE (fp.lt/fp.leq/fp.eq): any comparison with NaN is false except ne; +0 eq -0 is true;
///  - max/min: NaN if either operand is NaN, and -0 &lt; +0 (max(-0,+0) = +0, min(-0,+0) = -0), written with ite
///    because SMT-LIB leaves fp.max/fp.min unspecified on zeros of opposite sign;
///  - float→int rounds with the given mode and saturates to the integer range; NaN becomes 0;
///  - int→int narrowing keeps the low bits (wraps); widening sign-extends;
///  - integer division is bvsdiv (truncates toward zero; INT_MIN / -1 wraps; x/0 is SMT-LIB's fixed value
///    (-1 for x ≥ 0, 1 for x &lt; 0): VCs must guard divisors);
///  - constants are rounded to nearest even in their dtype (the IR promises they are exact); integer constants
///    saturate (so the index identity of min, 2^63 as a double, becomes 2^63 - 1).</summary>
public sealed class FloatDomain : INumberDomain<Term>
{
    private static readonly Term Rne = RmLit.Rne;
    public SymbolicFunctions Functions { get; } = new();

    public static Sort SortOf(DType t) =>
        t.IsFloat() ? Sort.ForFloat(t) : t.IsInteger() ? Sort.BitVec(Sort.IntWidth(t)) : Sort.Bool;

    public Term Const(double value, DType type)
    {
        if (type == DType.Bool) return Bool(value != 0);
        if (type.IsFloat()) return FpLit.FromDouble(value, Sort.ForFloat(type));
        var (lo, hi) = Range(type);
        var v = double.IsNaN(value) ? BigInteger.Zero
            : value <= (double)lo ? lo : value >= (double)hi ? hi : new BigInteger(Math.Truncate(value));
        return Bv(v, Sort.IntWidth(type));
    }

    public Term Add(Term a, Term b, DType type) => type.IsFloat() ? FpAdd(Rne, a, b) : BvAdd(a, b);
    public Term Sub(Term a, Term b, DType type) => type.IsFloat() ? FpSub(Rne, a, b) : BvSub(a, b);
    public Term Mul(Term a, Term b, DType type) => type.IsFloat() ? FpMul(Rne, a, b) : BvMul(a, b);
    public Term Div(Term a, Term b, DType type) => type.IsFloat() ? FpDiv(Rne, a, b) : BvSdiv(a, b);
    public Term Neg(Term a, DType type) => type.IsFloat() ? FpNeg(a) : BvNeg(a);
    public Term Abs(Term a, DType type) => type.IsFloat() ? FpAbs(a) : Ite(BvSlt(a, Zero(type)), BvNeg(a), a);

    // max(a,b) = NaN if a or b is NaN; b if a < b; a if b < a; equal values: +0 wins over -0 (else either).
    public Term Max(Term a, Term b, DType type) => type.IsFloat()
        ? Ite(Or(FpIsNaN(a), FpIsNaN(b)), FpLit.NaN(a.Sort),
            Ite(FpLt(a, b), b, Ite(FpLt(b, a), a, Ite(FpIsNegative(a), b, a))))
        : Ite(BvSlt(a, b), b, a);

    // min(a,b) = NaN if a or b is NaN; a if a < b; b if b < a; equal values: -0 wins over +0.
    public Term Min(Term a, Term b, DType type) => type.IsFloat()
        ? Ite(Or(FpIsNaN(a), FpIsNaN(b)), FpLit.NaN(a.Sort),
            Ite(FpLt(a, b), a, Ite(FpLt(b, a), b, Ite(FpIsNegative(a), a, b))))
        : Ite(BvSlt(b, a), b, a);

    public Term Apply(Opcode fn, Term a, DType type) =>
        type.IsFloat() ? Functions.Get(fn, Sort.ForFloat(type), type.Name()).Apply(a)
        : throw new ArgumentException($"{fn.Mnemonic()} needs a float dtype, got {type.Name()}");

    public Term Compare(CmpPred pred, Term a, Term b, DType operandType)
    {
        if (operandType.IsFloat())
            return pred switch
            {
                CmpPred.Lt => FpLt(a, b), CmpPred.Le => FpLeq(a, b), CmpPred.Gt => FpGt(a, b),
                CmpPred.Ge => FpGeq(a, b), CmpPred.Eq => FpEq(a, b), CmpPred.Ne => Not(FpEq(a, b)),
                _ => throw new ArgumentOutOfRangeException(nameof(pred)),
            };
        if (operandType == DType.Bool && pred is not (CmpPred.Eq or CmpPred.Ne))
            throw new ArgumentException($"bool values support eq/ne only, not {pred.Name()}");
        return pred switch
        {
            CmpPred.Lt => BvSlt(a, b), CmpPred.Le => BvSle(a, b), CmpPred.Gt => BvSlt(b, a),
            CmpPred.Ge => BvSle(b, a), CmpPred.Eq => Eq(a, b), CmpPred.Ne => Not(Eq(a, b)),
            _ => throw new ArgumentOutOfRangeException(nameof(pred)),
        };
    }

    public Term Select(Term cond, Term ifTrue, Term ifFalse, DType type) => Ite(cond, ifTrue, ifFalse);
    public Term And(Term a, Term b) => Terms.And(a, b);
    public Term Or(Term a, Term b) => Terms.Or(a, b);
    public Term Not(Term a) => Terms.Not(a);

    public Term Convert(Term a, DType from, DType to, RoundingMode mode)
    {
        if (from == to) return a;
        if (from == DType.Bool) return Ite(a, Const(1, to), Const(0, to));
        // x → bool is x ≠ 0 (IEEE: NaN ≠ 0 holds)
        if (to == DType.Bool) return from.IsFloat() ? Terms.Not(FpEq(a, Zero(from))) : Terms.Not(Eq(a, Zero(from)));
        var rm = Rm(mode);
        if (to.IsFloat()) return ToFp(Sort.ForFloat(to), rm, a); // from fp, or from a signed bit-vector
        if (from.IsFloat()) return FloatToInt(a, from, to, rm);
        int wf = Sort.IntWidth(from), wt = Sort.IntWidth(to);
        return wt < wf ? Extract(wt - 1, 0, a) : SignExtend(wt - wf, a);
    }

    // r = roundToIntegral(rm, x); NaN → 0; r ≥ 2^(w-1) → MAX; r ≤ -2^(w-1) → MIN; else fp.to_sbv (exact on r).
    // The bounds are powers of two: exact in the source format, or ±inf when out of its range — then only ±inf
    // reaches them, which is still the right saturation.
    private Term FloatToInt(Term x, DType from, DType to, Term rm)
    {
        int w = Sort.IntWidth(to);
        var sort = Sort.ForFloat(from);
        var r = FpRoundToIntegral(rm, x);
        var hi = FpLit.FromDouble(Math.ScaleB(1.0, w - 1), sort);
        var lo = FpLit.FromDouble(-Math.ScaleB(1.0, w - 1), sort);
        var (min, max) = Range(to);
        return Ite(FpIsNaN(x), Bv(0, w),
            Ite(FpGeq(r, hi), Bv(max, w),
                Ite(FpLeq(r, lo), Bv(min, w), FpToSbv(w, rm, r))));
    }

    private Term Zero(DType t) => Const(0, t);

    private static (BigInteger Lo, BigInteger Hi) Range(DType t)
    {
        int w = Sort.IntWidth(t);
        return (-(BigInteger.One << (w - 1)), (BigInteger.One << (w - 1)) - 1);
    }
}
