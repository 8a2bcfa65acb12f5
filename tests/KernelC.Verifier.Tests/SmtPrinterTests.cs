using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Tests;

public class SmtPrinterTests
{
    private static readonly SmtConst X = Const("x", Sort.Real);

    [Fact]
    public void Literals_print_in_smtlib_form()
    {
        Assert.Equal("(- (/ 1.0 3.0))", SmtPrinter.Print(Real(-2, 6)));
        Assert.Equal("(- 5)", SmtPrinter.Print(Int(-5)));
        Assert.Equal("#b11111111", SmtPrinter.Print(Bv(-1, 8)));
        Assert.Equal("(fp #b0 #b01111111 #b00000000000000000000000)", SmtPrinter.Print(Fp(1.0, Sort.F32)));
        Assert.Equal("(fp #b1 #b00000 #b0000000000)", SmtPrinter.Print(Fp(-0.0, Sort.F16)));
        Assert.Equal("((_ to_fp 5 11) RTZ x)", SmtPrinter.Print(ToFp(Sort.F16, Rm(RoundingMode.TowardZero), Const("x", Sort.F32))));
        Assert.Equal("((_ extract 7 0) b)", SmtPrinter.Print(Extract(7, 0, Const("b", Sort.BitVec(32)))));
    }

    [Fact]
    public void Mis_sorted_terms_are_compiler_bugs()
    {
        Assert.Throws<ArgumentException>(() => Add(X, Int(1)));                       // Real + Int
        Assert.Throws<ArgumentException>(() => FpAdd(RmLit.Rne, Fp(1, Sort.F32), Fp(1, Sort.F16)));
        Assert.Throws<ArgumentException>(() => Ite(X, X, X));                          // condition not Bool
        Assert.Throws<ArgumentException>(() => new Assertion(X));
        Assert.Throws<ArgumentException>(() => Const("1bad", Sort.Real));
        Assert.Throws<ArgumentException>(() => Const("_d0", Sort.Real));               // reserved for the printer
    }

    [Fact]
    public void Terms_compare_structurally()
    {
        var a = Add(Mul(X, Real(2)), Real(1));
        var b = Add(Mul(Const("x", Sort.Real), Real(4, 2)), Real(1));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Add(Mul(X, Real(3)), Real(1)));
        Assert.NotEqual(Fp(0.0, Sort.F32), Fp(-0.0, Sort.F32));
    }

    [Fact]
    public void Shared_subterms_become_define_funs_and_output_is_deterministic()
    {
        // a deep chain s_{k+1} = s_k + s_k: as a tree it has 2^30 leaves, as a script it has 30 definitions.
        Term s = X;
        for (int i = 0; i < 30; i++) s = Add(s, s);
        var script = new Script(SolverLimits.Default, new Assertion(Gt(s, Real(0))), new CheckSat());
        var text = SmtPrinter.Print(script);
        Assert.Equal(text, SmtPrinter.Print(script));
        Assert.Contains("(define-fun _d0 () Real (+ x x))", text);
        Assert.Contains("(define-fun _d28 () Real (+ _d27 _d27))", text);
        Assert.True(text.Length < 4000, text);
        Assert.StartsWith("(set-option :produce-models true)", text);
        Assert.Contains("(declare-const x Real)", text);
        var answer = new Z3Solver().CheckScript(text, SolverLimits.Default);
        Assert.Null(answer.Error);
        Assert.Equal(EqArray.Of(SatStatus.Sat), answer.Results);
    }

    [Fact]
    public void Definition_names_are_contiguous_in_post_order()
    {
        var y = Const("y", Sort.F16);
        var sum = FpAdd(RmLit.Rne, y, y);
        var lt = FpLt(sum, sum);
        var text = SmtPrinter.Print(new Script(SolverLimits.Default, new Assertion(And(lt, lt, FpIsNaN(sum)))));
        Assert.Contains("(define-fun _d0 () (_ FloatingPoint 5 11) (fp.add RNE y y))", text);
        Assert.Contains("(define-fun _d1 () Bool (fp.lt _d0 _d0))", text);
        Assert.DoesNotContain("_d2", text);
        Assert.Contains("(assert (and _d1 _d1 (fp.isNaN _d0)))", text);
    }

    [Fact]
    public void Uninterpreted_functions_are_declared_once_and_name_clashes_throw()
    {
        var exp = new FuncDecl("exp_real", Sort.Real, Sort.Real);
        var script = new Script(SolverLimits.Default, new Assertion(Gt(exp.Apply(X), exp.Apply(Real(0)))), new CheckSat());
        var text = SmtPrinter.Print(script);
        Assert.Single(text.Split('\n'), l => l.StartsWith("(declare-fun exp_real (Real) Real)"));
        var clash = new Script(SolverLimits.Default, new Assertion(Eq(Const("x", Sort.Int), Int(0))), new Assertion(Gt(X, Real(0))));
        Assert.Throws<InvalidOperationException>(() => SmtPrinter.Print(clash));
    }
}
