using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Tests;

public class ProverTests
{
    private static readonly SolverLimits Limits = new(TimeoutMs: 10_000);
    private static readonly ISolver Z3 = new Z3Solver();
    private static readonly SmtConst X = Const("x", Sort.Real), Y = Const("y", Sort.Real);

    private static Obligation Ob(Term claim, params Term[] assumptions) =>
        new("test", EqArray.Of(X, Y), EqArray.Of(assumptions), claim);

    public static IEnumerable<object[]> Solvers() =>
        Cvc5Solver.IsAvailable() ? [[new Z3Solver()], [new Cvc5Solver()]] : [[new Z3Solver()]];

    [Fact]
    public void X_times_2_equals_x_plus_x_over_reals_is_proved()
    {
        var r = Prover.Prove(Ob(Eq(Mul(X, Real(2)), Add(X, X))), Z3, Limits);
        Assert.IsType<Verdict.Proved>(r.Verdict);
        Assert.True(r.Verdict.Passes);
    }

    [Fact]
    public void Wrong_claim_is_refuted_with_a_model_that_violates_it()
    {
        // x*x > x fails for x in [0, 1]: the model must be such a point.
        var r = Prover.Prove(Ob(Gt(Mul(X, X), X)), Z3, Limits);
        var cex = Assert.IsType<Verdict.Refuted>(r.Verdict).Model;
        var x = cex.GetDouble("x")!.Value;
        Assert.False(x * x > x, $"model x = {x} does not violate the claim");
        Assert.False(r.Verdict.Passes);
    }

    [Fact]
    public void Contradictory_assumptions_are_unknown_not_proved()
    {
        var r = Prover.Prove(Ob(Eq(X, Real(5)), Gt(X, Real(1)), Lt(X, Real(0))), Z3, Limits);
        Assert.Equal(new Verdict.Unknown(Prover.VacuousReason), r.Verdict);
    }

    [Fact]
    public void Satisfiable_assumptions_allow_a_proof()
    {
        var r = Prover.Prove(Ob(Gt(Mul(X, X), X), Gt(X, Real(1))), Z3, Limits);
        Assert.IsType<Verdict.Proved>(r.Verdict);
    }

    [Fact]
    public void Nonlinear_integer_query_with_1ms_timeout_is_unknown_timeout()
    {
        var a = Const("a", Sort.Int); var b = Const("b", Sort.Int); var c = Const("c", Sort.Int);
        Term Cube(Term t) => Mul(t, t, t);
        // a^3 + b^3 = c^3 has no positive solution (Fermat n=3): far beyond 1 ms.
        var o = new Obligation("fermat3", EqArray.Of(a, b, c), EqArray.Of(Gt(a, Int(1)), Gt(b, Int(1)), Gt(c, Int(1))),
            Not(Eq(Add(Cube(a), Cube(b)), Cube(c))));
        var r = Prover.Prove(o, Z3, new SolverLimits(TimeoutMs: 1));
        var u = Assert.IsType<Verdict.Unknown>(r.Verdict);
        Assert.Contains("timeout", u.Reason);
    }

    [Fact]
    public void Rlimit_is_honoured()
    {
        var a = Const("a", Sort.Int); var b = Const("b", Sort.Int); var c = Const("c", Sort.Int);
        Term Cube(Term t) => Mul(t, t, t);
        var o = new Obligation("fermat3", EqArray.Of(a, b, c), EqArray.Of(Gt(a, Int(1)), Gt(b, Int(1)), Gt(c, Int(1))),
            Not(Eq(Add(Cube(a), Cube(b)), Cube(c))));
        var r = Prover.Prove(o, Z3, new SolverLimits(TimeoutMs: 20_000, Rlimit: 1000));
        var u = Assert.IsType<Verdict.Unknown>(r.Verdict);
        Assert.True(r.SolverTime < TimeSpan.FromSeconds(15), $"took {r.SolverTime}: {u.Reason}");
        Assert.DoesNotContain("error", u.Reason);
    }

    [Fact]
    public void Malformed_script_is_a_solver_error_never_a_verdict()
    {
        // z3 reports the error and goes on: the trailing check-sat still answers; we must not believe it.
        var a = Z3.CheckScript("(declare-const x Real)\n(assert (> x undefined_name))\n(check-sat)\n", Limits);
        Assert.NotNull(a.Error);
        Assert.Contains("undefined_name", a.Error);
    }

    [Fact]
    public void Two_queries_run_in_parallel_on_independent_contexts()
    {
        var results = new Verdict[8];
        Parallel.For(0, results.Length, i =>
        {
            var claim = i % 2 == 0 ? Eq(Mul(X, Real(2)), Add(X, X)) : Gt(Mul(X, X), X);
            results[i] = Prover.Prove(Ob(claim), new Z3Solver(), Limits).Verdict;
        });
        for (int i = 0; i < results.Length; i++)
            if (i % 2 == 0) Assert.IsType<Verdict.Proved>(results[i]);
            else Assert.IsType<Verdict.Refuted>(results[i]);
    }

    [Fact]
    public void Standalone_file_answers_sat_then_unsat_when_proved()
    {
        var text = Prover.StandaloneFile(Ob(Eq(Mul(X, Real(2)), Add(X, X)), Gt(Y, X)), Limits);
        Assert.Contains("must answer sat", text);
        Assert.Contains("must answer unsat", text);
        var a = Z3.CheckScript(text, Limits);
        Assert.Null(a.Error);
        Assert.Equal(EqArray.Of(SatStatus.Sat, SatStatus.Unsat), a.Results);
    }

    [Cvc5Fact]
    public void Cvc5_agrees_on_proved_refuted_and_vacuous()
    {
        var cvc5 = new Cvc5Solver();
        Assert.IsType<Verdict.Proved>(Prover.Prove(Ob(Eq(Mul(X, Real(2)), Add(X, X))), cvc5, Limits).Verdict);
        var cex = Assert.IsType<Verdict.Refuted>(Prover.Prove(Ob(Gt(Mul(X, X), X)), cvc5, Limits).Verdict).Model;
        var x = cex.GetDouble("x")!.Value;
        Assert.False(x * x > x);
        Assert.Equal(new Verdict.Unknown(Prover.VacuousReason),
            Prover.Prove(Ob(True, Gt(X, Real(1)), Lt(X, Real(0))), cvc5, Limits).Verdict);
        var file = cvc5.CheckScript(Prover.StandaloneFile(Ob(Eq(Mul(X, Real(2)), Add(X, X))), Limits), Limits);
        Assert.Null(file.Error);
        Assert.Equal(EqArray.Of(SatStatus.Sat, SatStatus.Unsat), file.Results);
    }

    [Cvc5Fact]
    public void Cvc5_timeout_is_unknown()
    {
        var a = Const("a", Sort.Int); var b = Const("b", Sort.Int); var c = Const("c", Sort.Int);
        Term Cube(Term t) => Mul(t, t, t);
        var o = new Obligation("fermat3", EqArray.Of(a, b, c), EqArray.Of(Gt(a, Int(1)), Gt(b, Int(1)), Gt(c, Int(1))),
            Not(Eq(Add(Cube(a), Cube(b)), Cube(c))));
        var u = Assert.IsType<Verdict.Unknown>(Prover.Prove(o, new Cvc5Solver(), new SolverLimits(TimeoutMs: 200)).Verdict);
        Assert.Contains("timeout", u.Reason);
    }

    [Fact]
    public void Missing_cvc5_binary_is_a_missing_dependency()
    {
        var s = new Cvc5Solver("/nonexistent/cvc5");
        var e = Assert.Throws<MissingDependencyException>(() => s.CheckScript("(check-sat)", Limits));
        Assert.Contains("apt-get install cvc5", e.Message);
    }
}
