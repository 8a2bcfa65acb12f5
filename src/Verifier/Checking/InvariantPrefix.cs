using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The prefix functions of one (symbolic) row i and output column e, as uninterpreted functions with their
/// defining equations instantiated only where a proof needs them (DESIGN.md, Facts checked):
///   live(j)    = the source's score of key j is not −inf (masked keys are −inf);
///   PM(k+1)    = k = 0 ? S(0) : (live(k) ? max(PM(k), S(k)) : PM(k))   (key 0 is live: obligation live0)
///   PL(0, c)   = 0;  PL(k+1, c) = PL(k, c) + (live(k) ? E(S(k) − c) : 0)
///   PA(0, c)   = 0;  PA(k+1, c) = PA(k, c) + (live(k) ? E(S(k) − c)·V(k) : 0)
/// S(j), live(j) come from the source's score expression with the key placeholder J substituted; V(j) = in_v(j, e).
/// These equations define the functions by recursion on k ≥ 0 (consistent: they only add definitions).</summary>
internal sealed class InvariantPrefix(XVal scoreAtJ, SmtConst j, Func<Term, Term> value, FuncDecl exp)
{
    public readonly FuncDecl PM = new("PM", Sort.Real, Sort.Int);
    public readonly FuncDecl PL = new("PL", Sort.Real, Sort.Int, Sort.Real);
    public readonly FuncDecl PA = new("PA", Sort.Real, Sort.Int, Sort.Real);
    public FuncDecl Exp => exp;

    private Term At(Term t, Term k) => TermRewriter.Substitute(t, new Dictionary<SmtConst, Term> { [j] = k });
    public Term S(Term k) => At(scoreAtJ.V, k);
    public Term Live(Term k) => XVal.Neg(At(scoreAtJ.NInf, k));
    public Term V(Term k) => value(k);
    public Term E(Term x) => exp.Apply(x);

    public Term L(Term k, Term c) => PL.Apply(k, c);
    public Term A(Term k, Term c) => PA.Apply(k, c);
    public Term M(Term k) => PM.Apply(k);

    public Term SummandL(Term k, Term c) => Ite(Live(k), E(Sub(S(k), c)), Real(0));
    public Term SummandA(Term k, Term c) => Ite(Live(k), Mul(E(Sub(S(k), c)), V(k)), Real(0));

    public Term DefM(Term k) => Eq(M(Add(k, Int(1))),
        Ite(Eq(k, Int(0)), S(Int(0)), Ite(Live(k), Ite(Lt(M(k), S(k)), S(k), M(k)), M(k))));
    public Term DefL(Term k, Term c) => Eq(L(Add(k, Int(1)), c), Add(L(k, c), SummandL(k, c)));
    public Term DefA(Term k, Term c) => Eq(A(Add(k, Int(1)), c), Add(A(k, c), SummandA(k, c)));
    public Term BaseL(Term c) => Eq(L(Int(0), c), Real(0));
    public Term BaseA(Term c) => Eq(A(Int(0), c), Real(0));

    /// <summary>Scaling lemma at (k, c1, c2): PL(k, c2) = PL(k, c1)·E(c1 − c2), and the same for PA.</summary>
    public Term Scale(Term k, Term c1, Term c2) => And(
        Eq(L(k, c2), Mul(L(k, c1), E(Sub(c1, c2)))),
        Eq(A(k, c2), Mul(A(k, c1), E(Sub(c1, c2)))));

    /// <summary>The defining equations of PL and PA at (k, c) multiplied by x (consequences of <see cref="DefL"/>,
    /// <see cref="DefA"/>): PL(k+1, c)·x = PL(k, c)·x + summand·x, the product pushed into the summand's ite.</summary>
    public Term DefLTimes(Term k, Term c, Term x) =>
        Eq(Mul(L(Add(k, Int(1)), c), x), Add(Mul(L(k, c), x), XVal.RealMul(SummandL(k, c), x)));
    public Term DefATimes(Term k, Term c, Term x) =>
        Eq(Mul(A(Add(k, Int(1)), c), x), Add(Mul(A(k, c), x), XVal.RealMul(SummandA(k, c), x)));

    /// <summary>The ground instance E(a)·E(b) = E(a + b) of a sound fact of exp at a = s − c1, b = c1 − c2, with
    /// a + b written s − c2 (the same real), so that it meets the summand of PL(·, c2) syntactically.</summary>
    public Term Product(Term s, Term c1, Term c2) => Eq(Mul(E(Sub(s, c1)), E(Sub(c1, c2))), E(Sub(s, c2)));

    /// <summary>The same instance multiplied by v: E(s − c1)·v·E(c1 − c2) = E(s − c2)·v (a consequence of
    /// <see cref="Product"/>, stated so that the PA half of the scaling step needs no degree-3 reasoning, which
    /// cvc5 1.0.3 does not find).</summary>
    public Term ProductTimes(Term s, Term c1, Term c2, Term v) => Eq(Mul(Mul(E(Sub(s, c1)), v), E(Sub(c1, c2))), Mul(E(Sub(s, c2)), v));

    /// <summary>The loop invariant at block start k for carried m, l, acc of one row and column: before the first block
    /// m = −inf (not NaN), l = 0, acc = 0; after it m = PM(k), l = PL(k, PM(k)), acc = PA(k, PM(k)), all finite.</summary>
    public Term Inv(Term k, XVal m, XVal l, XVal a) => Ite(Eq(k, Int(0)),
        XVal.Conj(XVal.Neg(m.Nan), m.NInf, XVal.Neg(m.PInf), l.FiniteEquals(Real(0)), a.FiniteEquals(Real(0))),
        XVal.Conj(m.FiniteEquals(M(k)), l.FiniteEquals(L(k, M(k))), a.FiniteEquals(A(k, M(k)))));

    public const string Text = "m = (kb = 0 ? -inf : PM(kb)); l = PL(kb, m); acc[d] = PA(kb, m, d)";
}
