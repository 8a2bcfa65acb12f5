using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Ptx;

/// <summary>An atom of the real normal form: something <see cref="Poly"/> treats as a variable. Arguments that
/// are polynomials are referred to by their interned id in the same <see cref="RealForms"/> table.</summary>
public abstract record RealAtom
{
    /// <summary>A free real constant (an input element).</summary>
    public sealed record Var(SmtConst Const) : RealAtom;

    /// <summary>An uninterpreted function (exp_real, ...) of one polynomial.</summary>
    public sealed record Fn(FuncDecl Func, int Arg) : RealAtom;

    /// <summary>max (or min) of a set of at least two polynomials, ids sorted and distinct: max is associative,
    /// commutative and idempotent in the reals, so any bracketing and order of the same operands is this atom.</summary>
    public sealed record Extreme(bool IsMax, EqArray<int> Args) : RealAtom;

    /// <summary>1/p for a non-constant polynomial p (SMT-LIB `/`: a fixed unknown value when p = 0, the same on
    /// both sides).</summary>
    public sealed record Inv(int Arg) : RealAtom;

    /// <summary>ite(cond, a, b) with a symbolic condition.</summary>
    public sealed record Ite(Term Cond, int Then, int Else) : RealAtom;

    /// <summary>a·b kept unexpanded because expanding it would exceed the normaliser's size budget (A ≤ B).</summary>
    public sealed record Product(int A, int B) : RealAtom;

    /// <summary>clamp(round_mode(p), Lo, Hi) = min(max(round_mode(p), Lo), Hi) for a non-constant polynomial p, Lo ≤ Hi:
    /// a float rounded to an integer and saturated (<see cref="RoundedIntRules"/>); round_mode is uninterpreted.</summary>
    public sealed record Rounded(RoundingMode Mode, int Arg, long Lo, long Hi) : RealAtom;
}
