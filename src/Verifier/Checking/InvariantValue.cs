using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>A float value of rule invariant: an extended real. Nan, NInf, PInf are Bool terms (at most one true);
/// V (Real) is the value when all three are false. Exact where the online-softmax proof needs it (−inf through
/// add/sub, max, compare, select and exp: exp(−inf) = 0); every other non-finite case (inf·x, x/0, x/inf, ...) is
/// over-approximated as NaN. Sound for our claims because every claim demands finite results: an over-approximated
/// NaN can only make a claim fail, never pass.</summary>
internal sealed record XVal(Term Nan, Term NInf, Term PInf, Term V)
{
    public static XVal Finite(Term v) => new(False, False, False, v);
    public static readonly XVal NegInf = new(False, True, False, Real(0));
    public static readonly XVal PosInf = new(False, False, True, Real(0));
    public static readonly XVal NaN = new(True, False, False, Real(0));

    public Term IsFinite => Conj(Neg(Nan), Neg(NInf), Neg(PInf));

    public static XVal Const(double d) => double.IsNaN(d) ? NaN : double.IsPositiveInfinity(d) ? PosInf
        : double.IsNegativeInfinity(d) ? NegInf : Finite(Real(d));

    // ---- Bool simplification: keeps terms small when flags are literal (the common case) ----
    public static Term Neg(Term a) => a == True ? False : a == False ? True : Not(a);
    public static Term Conj(params Term[] xs)
    {
        if (xs.Any(x => x == False)) return False;
        var rest = xs.Where(x => x != True).Distinct().ToArray();
        return And(rest);
    }
    public static Term Disj(params Term[] xs)
    {
        if (xs.Any(x => x == True)) return True;
        var rest = xs.Where(x => x != False).Distinct().ToArray();
        return Or(rest);
    }
    public static Term If(Term c, Term t, Term e) => c == True ? t : c == False ? e : t == e ? t : Ite(c, t, e);

    public static XVal Select(Term c, XVal a, XVal b) =>
        new(If(c, a.Nan, b.Nan), If(c, a.NInf, b.NInf), If(c, a.PInf, b.PInf), If(c, a.V, b.V));

    public XVal Negate() => new(Nan, PInf, NInf, Terms.Neg(V));

    // x + y: NaN if either is NaN or (+inf) + (−inf); else −inf/+inf if either is; else the real sum.
    public static XVal Add(XVal a, XVal b)
    {
        var nan = Disj(a.Nan, b.Nan, Conj(a.PInf, b.NInf), Conj(a.NInf, b.PInf));
        var ninf = Conj(Neg(nan), Disj(a.NInf, b.NInf));
        var pinf = Conj(Neg(nan), Disj(a.PInf, b.PInf));
        return new XVal(nan, ninf, pinf, Terms.Add(a.V, b.V));
    }

    public static XVal Sub(XVal a, XVal b) => Add(a, b.Negate());

    /// <summary>Finite·finite exactly; anything non-finite over-approximated as NaN.</summary>
    public static XVal Mul(XVal a, XVal b) => new(Disj(Neg(a.IsFinite), Neg(b.IsFinite)), False, False, RealMul(a.V, b.V));

    private static readonly Term Zero = Real(0), One = Real(1);

    /// <summary>The real product a·b, written so that the solvers need no nonlinear reasoning for it where none is
    /// needed. Exact identities of real arithmetic only: 0·x = 0, 1·x = x, and (c ? x : y)·z = c ? x·z : y·z (and
    /// on the right). A masked exponential times a value thus reads (c ? 0 : E(..)·v), the same shape as the source's
    /// summand, instead of a product of an ite that cvc5 must case-split under nonlinear arithmetic.</summary>
    public static Term RealMul(Term a, Term b)
    {
        if (a == Zero || b == Zero) return Zero;
        if (a == One) return b;
        if (b == One) return a;
        if (a is App { Op: SmtOp.Ite } ia) return If(ia.Args[0], RealMul(ia.Args[1], b), RealMul(ia.Args[2], b));
        if (b is App { Op: SmtOp.Ite } ib) return If(ib.Args[0], RealMul(a, ib.Args[1]), RealMul(a, ib.Args[2]));
        return Terms.Mul(a, b);
    }

    /// <summary>Finite / finite non-zero exactly; anything else (x/0, non-finite operands) over-approximated as NaN.</summary>
    public static XVal Div(XVal a, XVal b) =>
        new(Disj(Neg(a.IsFinite), Neg(b.IsFinite), Eq(b.V, Real(0))), False, False, Terms.Div(a.V, b.V));

    /// <summary>a &lt; b in IEEE order (false with NaN): −inf below every finite, +inf above.</summary>
    public static Term Less(XVal a, XVal b) => Conj(Neg(a.Nan), Neg(b.Nan), Disj(
        Conj(a.NInf, Neg(b.NInf)),
        Conj(Neg(a.PInf), b.PInf),
        Conj(a.IsFinite, b.IsFinite, Lt(a.V, b.V))));

    public static Term Equal(XVal a, XVal b) => Conj(Neg(a.Nan), Neg(b.Nan), Disj(
        Conj(a.NInf, b.NInf), Conj(a.PInf, b.PInf), Conj(a.IsFinite, b.IsFinite, Eq(a.V, b.V))));

    /// <summary>IEEE max: NaN if either is NaN, else the larger.</summary>
    public static XVal Max(XVal a, XVal b)
    {
        var m = Select(Less(a, b), b, a);
        return m with { Nan = Disj(a.Nan, b.Nan) };
    }

    public static XVal Min(XVal a, XVal b)
    {
        var m = Select(Less(b, a), b, a);
        return m with { Nan = Disj(a.Nan, b.Nan) };
    }

    /// <summary>exp: exp(−inf) = 0, exp(+inf) = +inf, exp(NaN) = NaN, finite x ↦ E(x) (uninterpreted).</summary>
    public static XVal Exp(XVal a, FuncDecl e) =>
        new(a.Nan, False, a.PInf, If(a.NInf, Real(0), e.Apply(a.V)));

    /// <summary>Other transcendentals: finite x ↦ F(x); non-finite inputs over-approximated as NaN.</summary>
    public static XVal Apply(XVal a, FuncDecl f) => new(Neg(a.IsFinite), False, False, f.Apply(a.V));

    /// <summary>The value as the claim "finite and equal to the real r".</summary>
    public Term FiniteEquals(Term r) => Conj(IsFinite, Eq(V, r));
}
