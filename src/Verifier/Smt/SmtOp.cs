namespace KernelC.Verifier.Smt;

/// <summary>The built-in SMT-LIB operators KernelC uses. Indexed operators (Extract, SignExtend, ZeroExtend, ToFp,
/// FpToSbv) take their indices in <see cref="App.Indices"/>. fp.min/fp.max are deliberately absent: SMT-LIB leaves
/// them unspecified on (+0, -0); domains encode max/min with ite under KernelC's own semantics.</summary>
public enum SmtOp
{
    // core
    And, Or, Not, Implies, Eq, Distinct, Ite,
    // Int and Real (operands all Int or all Real); IntDiv is SMT-LIB `div` (Euclidean), IntMod `mod`
    Add, Sub, Mul, Neg, RealDiv, IntDiv, IntMod, Lt, Le, Gt, Ge, ToReal, ToInt,
    // bit-vectors
    BvAdd, BvSub, BvMul, BvNeg, BvSdiv, BvSrem, BvSlt, BvSle, BvUlt, BvUle, Concat, Extract, SignExtend, ZeroExtend,
    // floating point (arithmetic ops take a rounding mode first)
    FpAdd, FpSub, FpMul, FpDiv, FpFma, FpSqrt, FpRoundToIntegral, FpNeg, FpAbs,
    FpLt, FpLeq, FpGt, FpGeq, FpEq, FpIsNaN, FpIsInfinite, FpIsZero, FpIsNegative, FpIsPositive,
    // conversions: ToFp [eb, sb] from (rm, fp) | (rm, real) | (rm, signed bv); FpToSbv [m] (rm, fp); FpToReal
    ToFp, FpToSbv, FpToReal,
}

public static class SmtOps
{
    /// <summary>The SMT-LIB symbol of an operator (indexed operators: the symbol inside `(_ sym i..)`).</summary>
    public static string Symbol(this SmtOp op) => op switch
    {
        SmtOp.And => "and", SmtOp.Or => "or", SmtOp.Not => "not", SmtOp.Implies => "=>", SmtOp.Eq => "=",
        SmtOp.Distinct => "distinct", SmtOp.Ite => "ite",
        SmtOp.Add => "+", SmtOp.Sub => "-", SmtOp.Mul => "*", SmtOp.Neg => "-", SmtOp.RealDiv => "/",
        SmtOp.IntDiv => "div", SmtOp.IntMod => "mod", SmtOp.Lt => "<", SmtOp.Le => "<=", SmtOp.Gt => ">",
        SmtOp.Ge => ">=", SmtOp.ToReal => "to_real", SmtOp.ToInt => "to_int",
        SmtOp.BvAdd => "bvadd", SmtOp.BvSub => "bvsub", SmtOp.BvMul => "bvmul", SmtOp.BvNeg => "bvneg",
        SmtOp.BvSdiv => "bvsdiv", SmtOp.BvSrem => "bvsrem", SmtOp.BvSlt => "bvslt", SmtOp.BvSle => "bvsle",
        SmtOp.BvUlt => "bvult", SmtOp.BvUle => "bvule", SmtOp.Concat => "concat", SmtOp.Extract => "extract",
        SmtOp.SignExtend => "sign_extend", SmtOp.ZeroExtend => "zero_extend",
        SmtOp.FpAdd => "fp.add", SmtOp.FpSub => "fp.sub", SmtOp.FpMul => "fp.mul", SmtOp.FpDiv => "fp.div",
        SmtOp.FpFma => "fp.fma", SmtOp.FpSqrt => "fp.sqrt", SmtOp.FpRoundToIntegral => "fp.roundToIntegral",
        SmtOp.FpNeg => "fp.neg", SmtOp.FpAbs => "fp.abs", SmtOp.FpLt => "fp.lt", SmtOp.FpLeq => "fp.leq",
        SmtOp.FpGt => "fp.gt", SmtOp.FpGeq => "fp.geq", SmtOp.FpEq => "fp.eq", SmtOp.FpIsNaN => "fp.isNaN",
        SmtOp.FpIsInfinite => "fp.isInfinite", SmtOp.FpIsZero => "fp.isZero", SmtOp.FpIsNegative => "fp.isNegative",
        SmtOp.FpIsPositive => "fp.isPositive", SmtOp.ToFp => "to_fp", SmtOp.FpToSbv => "fp.to_sbv",
        SmtOp.FpToReal => "fp.to_real",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static bool IsIndexed(this SmtOp op) =>
        op is SmtOp.Extract or SmtOp.SignExtend or SmtOp.ZeroExtend or SmtOp.ToFp or SmtOp.FpToSbv;
}
