using System.Numerics;
using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Domains;

/// <summary>Exact arithmetic: every float dtype is Real (rounding ignored, so casts between floats are the identity
/// and (a+b)+c = a+(b+c) holds), every integer dtype is Int (mathematical integers: no wraparound — overflow is
/// checked separately in bit-vectors), bool is Bool. Transcendentals are uninterpreted Real→Real functions
/// (<see cref="Functions"/>). Division is SMT-LIB `/`: x/0 is an unconstrained value, so VCs must guard divisors.
/// NaN and ±inf have no real value: asking for them (e.g. the -inf identity of a max reduction) is a compiler bug.</summary>
public sealed class RealDomain : INumberDomain<Term>
{
    public SymbolicFunctions Functions { get; } = new();

    public static Sort SortOf(DType t) => t.IsFloat() ? Sort.Real : t.IsInteger() ? Sort.Int : Sort.Bool;

    public Term Const(double value, DType type)
    {
        if (type == DType.Bool) return Bool(value != 0);
        if (!double.IsFinite(value)) throw new ArgumentException($"{value} has no value in the real domain", nameof(value));
        if (type.IsFloat()) return Real(value);
        if (value != Math.Floor(value)) throw new ArgumentException($"{value} is not an integer", nameof(value));
        return Int(new BigInteger(value));
    }

    public Term Add(Term a, Term b, DType type) => Terms.Add(a, b);
    public Term Sub(Term a, Term b, DType type) => Terms.Sub(a, b);
    public Term Mul(Term a, Term b, DType type) => Terms.Mul(a, b);

    /// <summary>Floats: a/b. Integers: division truncating toward zero, trunc(a/b) = a ≥ 0 ? div(a,b) : -div(-a,b)
    /// (SMT-LIB div is Euclidean; the identity holds for both signs of b).</summary>
    public Term Div(Term a, Term b, DType type) => type.IsFloat()
        ? Terms.Div(a, b)
        : Ite(Ge(a, Int(0)), IntDiv(a, b), Terms.Neg(IntDiv(Terms.Neg(a), b)));

    public Term Neg(Term a, DType type) => Terms.Neg(a);
    public Term Abs(Term a, DType type) => Ite(Lt(a, Zero(type)), Terms.Neg(a), a);
    // No NaN and no signed zero in the reals: max(a,b) = a < b ? b : a.
    public Term Max(Term a, Term b, DType type) => Ite(Lt(a, b), b, a);
    public Term Min(Term a, Term b, DType type) => Ite(Lt(b, a), b, a);

    public Term Apply(Opcode fn, Term a, DType type) => Functions.Get(fn, Sort.Real, "real").Apply(a);

    public Term Compare(CmpPred pred, Term a, Term b, DType operandType)
    {
        if (operandType == DType.Bool && pred is not (CmpPred.Eq or CmpPred.Ne))
            throw new ArgumentException($"bool values support eq/ne only, not {pred.Name()}");
        return pred switch
        {
            CmpPred.Lt => Lt(a, b), CmpPred.Le => Le(a, b), CmpPred.Gt => Gt(a, b), CmpPred.Ge => Ge(a, b),
            CmpPred.Eq => Eq(a, b), CmpPred.Ne => Not(Eq(a, b)),
            _ => throw new ArgumentOutOfRangeException(nameof(pred)),
        };
    }

    public Term Select(Term cond, Term ifTrue, Term ifFalse, DType type) => Ite(cond, ifTrue, ifFalse);
    public Term And(Term a, Term b) => Terms.And(a, b);
    public Term Or(Term a, Term b) => Terms.Or(a, b);
    public Term Not(Term a) => Terms.Not(a);

    /// <summary>float→float: identity. int→float: to_real. float→int: round with the mode, then saturate to the
    /// integer range. int→int: wrap to the target width (two's complement). bool→x: 1/0; x→bool: x ≠ 0.</summary>
    public Term Convert(Term a, DType from, DType to, RoundingMode mode)
    {
        if (from == to) return a;
        if (from == DType.Bool) return Ite(a, Const(1, to), Const(0, to));
        if (to == DType.Bool) return Terms.Not(Eq(a, Zero(from)));
        if (from.IsFloat() && to.IsFloat()) return a;
        if (from.IsInteger() && to.IsFloat()) return ToReal(a);
        if (from.IsFloat()) return Saturate(RoundToInt(a, mode), to);
        return Wrap(a, to);
    }

    private static Term Zero(DType t) => t.IsFloat() ? Real(0) : Int(0);

    // floor = to_int; ceil(x) = -floor(-x); RNE: floor, +1 if the fraction is > 1/2 or = 1/2 with an odd floor.
    private static Term RoundToInt(Term x, RoundingMode mode)
    {
        var floor = ToInt(x);
        var ceil = Terms.Neg(ToInt(Terms.Neg(x)));
        switch (mode)
        {
            case RoundingMode.Down: return floor;
            case RoundingMode.Up: return ceil;
            case RoundingMode.TowardZero: return Ite(Ge(x, Real(0)), floor, ceil);
            case RoundingMode.NearestEven:
                var frac = Terms.Sub(x, ToReal(floor));
                var half = Real(1, 2);
                var odd = Eq(IntMod(floor, Int(2)), Int(1));
                return Ite(Terms.Or(Gt(frac, half), Terms.And(Eq(frac, half), odd)), Terms.Add(floor, Int(1)), floor);
            default: throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }

    private static Term Saturate(Term i, DType to)
    {
        var (lo, hi) = Range(to);
        return Ite(Lt(i, Int(lo)), Int(lo), Ite(Gt(i, Int(hi)), Int(hi), i));
    }

    // wrap(x) = ((x - lo) mod 2^w) + lo, the two's complement reading of x's low w bits.
    private static Term Wrap(Term i, DType to)
    {
        var (lo, _) = Range(to);
        var m = BigInteger.One << Sort.IntWidth(to);
        return Terms.Add(IntMod(Terms.Sub(i, Int(lo)), Int(m)), Int(lo));
    }

    private static (BigInteger Lo, BigInteger Hi) Range(DType t)
    {
        int w = Sort.IntWidth(t);
        return (-(BigInteger.One << (w - 1)), (BigInteger.One << (w - 1)) - 1);
    }
}
