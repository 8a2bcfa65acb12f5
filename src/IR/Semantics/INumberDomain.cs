namespace KernelC.IR;

/// <summary>The abstract number domain the single definition of op semantics is written against.
/// The reference interpreter instantiates it with concrete IEEE numbers; the SMT encoder with symbolic terms
/// (reals, FloatingPoint, bitvectors). Every operation receives the dtype it computes in: a domain that models
/// finite precision rounds its result to that dtype (round to nearest even) — that is the whole contract.</summary>
public interface INumberDomain<T>
{
    /// <summary>A constant of the given dtype; the value is exactly representable in it (bool: 0 or 1).</summary>
    T Const(double value, DType type);

    T Add(T a, T b, DType type);
    T Sub(T a, T b, DType type);
    T Mul(T a, T b, DType type);
    T Div(T a, T b, DType type);
    T Neg(T a, DType type);
    T Abs(T a, DType type);
    /// <summary>IEEE maxNum-like: max(a, b); if either is NaN the result is NaN (PTX max.NaN semantics are
    /// not used: the domain must document its NaN choice and the interpreter and encoder share it).</summary>
    T Max(T a, T b, DType type);
    T Min(T a, T b, DType type);

    /// <summary>Transcendentals: exp, log, sqrt, rsqrt, tanh, erf, computed in <paramref name="type"/>.</summary>
    T Apply(Opcode fn, T a, DType type);

    /// <summary>Comparison of two values of <paramref name="operandType"/>; a bool result.</summary>
    T Compare(CmpPred pred, T a, T b, DType operandType);
    T Select(T cond, T ifTrue, T ifFalse, DType type);
    T And(T a, T b);
    T Or(T a, T b);
    T Not(T a);

    /// <summary>Conversion between dtypes with the given rounding mode (float to int saturates; NaN to 0).</summary>
    T Convert(T a, DType from, DType to, RoundingMode mode);
}
