using KernelC.IR;

namespace KernelC.Verifier.Smt;

/// <summary>The sort rules of the built-in operators (SMT-LIB Core, Ints, Reals, FixedSizeBitVectors,
/// FloatingPoint). Int and Real never mix implicitly: use ToReal. A violation is a compiler bug.</summary>
internal static class SortChecker
{
    public static Sort Check(SmtOp op, EqArray<int> ix, EqArray<Term> a)
    {
        int n = a.Count;
        Sort S(int i) => a[i].Sort;
        void Arity(int min, int max = -1)
        {
            if (n < min || n > (max < 0 ? min : max)) Fail($"arity {n}");
        }
        void Indices(int k) { if (ix.Count != k) Fail($"expects {k} indices, got {ix.Count}"); }
        void AllSame(Func<Sort, bool> ok)
        {
            for (int i = 0; i < n; i++)
                if (!ok(S(i)) || S(i) != S(0)) Fail($"argument {i} has sort {S(i)}");
        }
        void IsRm(int i) { if (S(i).Kind != SortKind.RoundingMode) Fail($"argument {i} must be a RoundingMode"); }
        Sort Fail(string why) =>
            throw new ArgumentException($"mis-sorted {op.Symbol()}: {why} ({string.Join(", ", a.Select(t => t.Sort))})");

        if (!op.IsIndexed()) Indices(0);
        switch (op)
        {
            case SmtOp.And or SmtOp.Or:
                Arity(1, int.MaxValue); AllSame(s => s == Sort.Bool); return Sort.Bool;
            case SmtOp.Not: Arity(1); AllSame(s => s == Sort.Bool); return Sort.Bool;
            case SmtOp.Implies: Arity(2); AllSame(s => s == Sort.Bool); return Sort.Bool;
            case SmtOp.Eq or SmtOp.Distinct: Arity(2, int.MaxValue); AllSame(_ => true); return Sort.Bool;
            case SmtOp.Ite:
                Arity(3);
                if (S(0) != Sort.Bool || S(1) != S(2)) Fail("ite needs (Bool, s, s)");
                return S(1);
            case SmtOp.Add or SmtOp.Mul or SmtOp.Sub:
                Arity(2, int.MaxValue); AllSame(s => s.IsArith); return S(0);
            case SmtOp.Neg: Arity(1); AllSame(s => s.IsArith); return S(0);
            case SmtOp.RealDiv: Arity(2); AllSame(s => s == Sort.Real); return Sort.Real;
            case SmtOp.IntDiv or SmtOp.IntMod: Arity(2); AllSame(s => s == Sort.Int); return Sort.Int;
            case SmtOp.Lt or SmtOp.Le or SmtOp.Gt or SmtOp.Ge: Arity(2); AllSame(s => s.IsArith); return Sort.Bool;
            case SmtOp.ToReal: Arity(1); AllSame(s => s == Sort.Int); return Sort.Real;
            case SmtOp.ToInt: Arity(1); AllSame(s => s == Sort.Real); return Sort.Int;
            case SmtOp.BvAdd or SmtOp.BvSub or SmtOp.BvMul or SmtOp.BvSdiv or SmtOp.BvSrem:
                Arity(2); AllSame(s => s.IsBv); return S(0);
            case SmtOp.BvNeg: Arity(1); AllSame(s => s.IsBv); return S(0);
            case SmtOp.BvSlt or SmtOp.BvSle or SmtOp.BvUlt or SmtOp.BvUle:
                Arity(2); AllSame(s => s.IsBv); return Sort.Bool;
            case SmtOp.Concat:
                Arity(2); if (!S(0).IsBv || !S(1).IsBv) Fail("concat needs bit-vectors");
                return Sort.BitVec(S(0).Width + S(1).Width);
            case SmtOp.Extract:
                Indices(2); Arity(1);
                if (!S(0).IsBv || ix[1] < 0 || ix[0] < ix[1] || ix[0] >= S(0).Width) Fail($"extract {ix[0]} {ix[1]}");
                return Sort.BitVec(ix[0] - ix[1] + 1);
            case SmtOp.SignExtend or SmtOp.ZeroExtend:
                Indices(1); Arity(1);
                if (!S(0).IsBv || ix[0] < 0) Fail("extend needs a bit-vector and a count >= 0");
                return Sort.BitVec(S(0).Width + ix[0]);
            case SmtOp.FpAdd or SmtOp.FpSub or SmtOp.FpMul or SmtOp.FpDiv:
                Arity(3); IsRm(0); SameFp(a, 1, 2, Fail); return S(1);
            case SmtOp.FpFma:
                Arity(4); IsRm(0); SameFp(a, 1, 3, Fail); return S(1);
            case SmtOp.FpSqrt or SmtOp.FpRoundToIntegral:
                Arity(2); IsRm(0); SameFp(a, 1, 1, Fail); return S(1);
            case SmtOp.FpNeg or SmtOp.FpAbs: Arity(1); SameFp(a, 0, 0, Fail); return S(0);
            case SmtOp.FpLt or SmtOp.FpLeq or SmtOp.FpGt or SmtOp.FpGeq or SmtOp.FpEq:
                Arity(2); SameFp(a, 0, 1, Fail); return Sort.Bool;
            case SmtOp.FpIsNaN or SmtOp.FpIsInfinite or SmtOp.FpIsZero or SmtOp.FpIsNegative or SmtOp.FpIsPositive:
                Arity(1); SameFp(a, 0, 0, Fail); return Sort.Bool;
            case SmtOp.ToFp:
                Indices(2); Arity(2); IsRm(0);
                if (!(S(1).IsFp || S(1) == Sort.Real || S(1).IsBv)) Fail("to_fp converts from fp, Real or signed bv");
                return Sort.Fp(ix[0], ix[1]);
            case SmtOp.FpToSbv:
                Indices(1); Arity(2); IsRm(0); SameFp(a, 1, 1, Fail); return Sort.BitVec(ix[0]);
            case SmtOp.FpToReal: Arity(1); SameFp(a, 0, 0, Fail); return Sort.Real;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    private static void SameFp(EqArray<Term> a, int from, int to, Func<string, Sort> fail)
    {
        for (int i = from; i <= to; i++)
            if (!a[i].Sort.IsFp || a[i].Sort != a[from].Sort) fail($"argument {i} must be the FloatingPoint sort of argument {from}");
    }
}
