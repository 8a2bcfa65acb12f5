using System.Numerics;
using KernelC.IR;

namespace KernelC.Verifier.Smt;

/// <summary>Short constructors for terms. Every one goes through <see cref="App"/>, so all are sort-checked.</summary>
public static class Terms
{
    public static Term True => BoolLit.True;
    public static Term False => BoolLit.False;
    public static Term Bool(bool b) => b ? BoolLit.True : BoolLit.False;
    public static Term Int(BigInteger v) => new IntLit(v);
    public static Term Real(BigInteger num, BigInteger den) => new RealLit(num, den);
    public static Term Real(double v) => RealLit.FromDouble(v);
    public static Term Bv(BigInteger v, int width) => new BvLit(v, width);
    public static Term Fp(double v, Sort sort) => FpLit.FromDouble(v, sort);
    public static Term Rm(RoundingMode m) => new RmLit(m);
    public static SmtConst Const(string name, Sort sort) => new(name, sort);

    private static Term A(SmtOp op, params Term[] args) => new App(op, args);
    private static Term AI(SmtOp op, int[] ix, params Term[] args) => new App(op, EqArray.Of(ix), EqArray.Of(args));

    // core
    public static Term And(params Term[] xs) => xs.Length == 0 ? True : xs.Length == 1 ? xs[0] : A(SmtOp.And, xs);
    public static Term Or(params Term[] xs) => xs.Length == 0 ? False : xs.Length == 1 ? xs[0] : A(SmtOp.Or, xs);
    public static Term Not(Term a) => A(SmtOp.Not, a);
    public static Term Implies(Term a, Term b) => A(SmtOp.Implies, a, b);
    /// <summary>SMT `=`: identity of values. On FloatingPoint: NaN = NaN holds and +0 = -0 does not (unlike fp.eq).</summary>
    public static Term Eq(Term a, Term b) => A(SmtOp.Eq, a, b);
    public static Term Distinct(params Term[] xs) => A(SmtOp.Distinct, xs);
    public static Term Ite(Term c, Term t, Term e) => A(SmtOp.Ite, c, t, e);

    // Int / Real
    public static Term Add(params Term[] xs) => A(SmtOp.Add, xs);
    public static Term Sub(Term a, Term b) => A(SmtOp.Sub, a, b);
    public static Term Mul(params Term[] xs) => A(SmtOp.Mul, xs);
    public static Term Neg(Term a) => A(SmtOp.Neg, a);
    public static Term Div(Term a, Term b) => A(SmtOp.RealDiv, a, b);
    public static Term IntDiv(Term a, Term b) => A(SmtOp.IntDiv, a, b);
    public static Term IntMod(Term a, Term b) => A(SmtOp.IntMod, a, b);
    public static Term Lt(Term a, Term b) => A(SmtOp.Lt, a, b);
    public static Term Le(Term a, Term b) => A(SmtOp.Le, a, b);
    public static Term Gt(Term a, Term b) => A(SmtOp.Gt, a, b);
    public static Term Ge(Term a, Term b) => A(SmtOp.Ge, a, b);
    public static Term ToReal(Term a) => A(SmtOp.ToReal, a);
    public static Term ToInt(Term a) => A(SmtOp.ToInt, a);

    // bit-vectors
    public static Term BvAdd(Term a, Term b) => A(SmtOp.BvAdd, a, b);
    public static Term BvSub(Term a, Term b) => A(SmtOp.BvSub, a, b);
    public static Term BvMul(Term a, Term b) => A(SmtOp.BvMul, a, b);
    public static Term BvNeg(Term a) => A(SmtOp.BvNeg, a);
    public static Term BvSdiv(Term a, Term b) => A(SmtOp.BvSdiv, a, b);
    public static Term BvSrem(Term a, Term b) => A(SmtOp.BvSrem, a, b);
    public static Term BvSlt(Term a, Term b) => A(SmtOp.BvSlt, a, b);
    public static Term BvSle(Term a, Term b) => A(SmtOp.BvSle, a, b);
    public static Term BvUlt(Term a, Term b) => A(SmtOp.BvUlt, a, b);
    public static Term BvUle(Term a, Term b) => A(SmtOp.BvUle, a, b);
    public static Term Concat(Term a, Term b) => A(SmtOp.Concat, a, b);
    public static Term Extract(int hi, int lo, Term a) => AI(SmtOp.Extract, [hi, lo], a);
    public static Term SignExtend(int by, Term a) => by == 0 ? a : AI(SmtOp.SignExtend, [by], a);
    public static Term ZeroExtend(int by, Term a) => by == 0 ? a : AI(SmtOp.ZeroExtend, [by], a);

    // floating point
    public static Term FpAdd(Term rm, Term a, Term b) => A(SmtOp.FpAdd, rm, a, b);
    public static Term FpSub(Term rm, Term a, Term b) => A(SmtOp.FpSub, rm, a, b);
    public static Term FpMul(Term rm, Term a, Term b) => A(SmtOp.FpMul, rm, a, b);
    public static Term FpDiv(Term rm, Term a, Term b) => A(SmtOp.FpDiv, rm, a, b);
    public static Term FpFma(Term rm, Term a, Term b, Term c) => A(SmtOp.FpFma, rm, a, b, c);
    public static Term FpSqrt(Term rm, Term a) => A(SmtOp.FpSqrt, rm, a);
    public static Term FpRoundToIntegral(Term rm, Term a) => A(SmtOp.FpRoundToIntegral, rm, a);
    public static Term FpNeg(Term a) => A(SmtOp.FpNeg, a);
    public static Term FpAbs(Term a) => A(SmtOp.FpAbs, a);
    public static Term FpLt(Term a, Term b) => A(SmtOp.FpLt, a, b);
    public static Term FpLeq(Term a, Term b) => A(SmtOp.FpLeq, a, b);
    public static Term FpGt(Term a, Term b) => A(SmtOp.FpGt, a, b);
    public static Term FpGeq(Term a, Term b) => A(SmtOp.FpGeq, a, b);
    /// <summary>IEEE equality: false if either is NaN; +0 fp.eq -0 holds.</summary>
    public static Term FpEq(Term a, Term b) => A(SmtOp.FpEq, a, b);
    public static Term FpIsNaN(Term a) => A(SmtOp.FpIsNaN, a);
    public static Term FpIsInfinite(Term a) => A(SmtOp.FpIsInfinite, a);
    public static Term FpIsZero(Term a) => A(SmtOp.FpIsZero, a);
    public static Term FpIsNegative(Term a) => A(SmtOp.FpIsNegative, a);
    public static Term FpIsPositive(Term a) => A(SmtOp.FpIsPositive, a);
    /// <summary>(_ to_fp eb sb) rm x, from a FloatingPoint, a Real, or a signed bit-vector.</summary>
    public static Term ToFp(Sort target, Term rm, Term x) => AI(SmtOp.ToFp, [target.Eb, target.Sb], rm, x);
    public static Term FpToSbv(int width, Term rm, Term x) => AI(SmtOp.FpToSbv, [width], rm, x);
    public static Term FpToReal(Term a) => A(SmtOp.FpToReal, a);
}
