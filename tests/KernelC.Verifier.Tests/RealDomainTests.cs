using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Tests.TestSupport;

namespace KernelC.Verifier.Tests;

public class RealDomainTests
{
    private static readonly ISolver Z3 = new Z3Solver();
    private static readonly SmtConst X = new("x", Sort.Real), Y = new("y", Sort.Real), Z = new("z", Sort.Real);

    private static Verdict Prove(Term claim, params Term[] assumptions) =>
        Prover.Prove(new Obligation("r", EqArray.Of(X, Y, Z), EqArray.Of(assumptions), claim), Z3, Limits).Verdict;

    [Fact]
    public void X_times_2_is_x_plus_x_and_float_addition_is_associative_in_reals()
    {
        var d = new RealDomain();
        Assert.IsType<Verdict.Proved>(Prove(Terms.Eq(d.Mul(X, d.Const(2, DType.F32), DType.F32), d.Add(X, X, DType.F32))));
        var left = d.Add(d.Add(X, Y, DType.F32), Z, DType.F32);
        var right = d.Add(X, d.Add(Y, Z, DType.F32), DType.F32);
        Assert.IsType<Verdict.Proved>(Prove(Terms.Eq(left, right)));
        // casts between floats are the identity in reals
        var roundTrip = d.Convert(d.Convert(X, DType.F32, DType.F16, RoundingMode.NearestEven), DType.F16, DType.F32, RoundingMode.NearestEven);
        Assert.IsType<Verdict.Proved>(Prove(Terms.Eq(roundTrip, X)));
    }

    [Fact]
    public void Relu_of_scaled_input_is_not_scaled_relu_for_negative_scale()
    {
        // TVM #16211: relu(c*x) = c*relu(x) is wrong for c < 0.
        var d = new RealDomain();
        Term Relu(Term t) => d.Max(t, d.Const(0, DType.F32), DType.F32);
        var claim = Terms.Eq(Relu(d.Mul(Y, X, DType.F32)), d.Mul(Y, Relu(X), DType.F32));
        var m = Assert.IsType<Verdict.Refuted>(Prove(claim)).Model;
        double c = m.GetDouble("y")!.Value, x = m.GetDouble("x")!.Value;
        Assert.NotEqual(Math.Max(c * x, 0), c * Math.Max(x, 0));
        Assert.IsType<Verdict.Proved>(Prove(claim, Terms.Ge(Y, Terms.Real(0))));
    }

    [Fact]
    public void Max_min_abs_select_and_compare_agree_with_math_on_points()
    {
        var d = new RealDomain();
        ForAll(Batch(Gen.Choose(-1000, 1000).Two()), 4, pairs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var (i, j) in pairs)
            {
                double a = i / 4.0, b = j / 8.0;
                Term A = d.Const(a, DType.F32), B = d.Const(b, DType.F32);
                cases.Add((d.Max(A, B, DType.F32), Terms.Real(Math.Max(a, b)), $"max({a}, {b})"));
                cases.Add((d.Min(A, B, DType.F32), Terms.Real(Math.Min(a, b)), $"min({a}, {b})"));
                cases.Add((d.Abs(A, DType.F32), Terms.Real(Math.Abs(a)), $"|{a}|"));
                cases.Add((d.Sub(A, B, DType.F32), Terms.Real(a - b), $"{a} - {b}"));
                cases.Add((d.Compare(CmpPred.Le, A, B, DType.F32), Terms.Bool(a <= b), $"{a} <= {b}"));
                cases.Add((d.Select(d.Compare(CmpPred.Ne, A, B, DType.F32), A, B, DType.F32), Terms.Real(a != b ? a : b), $"sel {a} {b}"));
                if (j != 0)
                {
                    cases.Add((d.Div(d.Const(i, DType.I32), d.Const(j, DType.I32), DType.I32), Terms.Int(i / j), $"{i} div {j}"));
                    cases.Add((d.Div(A, B, DType.F32), Terms.Real(new System.Numerics.BigInteger(i) * 2, j), $"{a} / {b}"));
                }
            }
            AssertAllEqual(Z3, cases);
        });
    }

    [Fact]
    public void Float_to_int_rounds_with_its_mode_and_saturates_int_narrowing_wraps()
    {
        var d = new RealDomain();
        var cases = new List<(Term, Term, string)>();
        void C(double x, DType to, RoundingMode m, long expected) =>
            cases.Add((d.Convert(d.Const(x, DType.F64), DType.F64, to, m), Terms.Int(expected), $"{to}.{m}({x})"));
        foreach (var x in new[] { 2.5, 3.5, -2.5, -3.5, 2.7, -2.7, 0.5, -0.5, 1e10, -1e10, 126.6, 127.5 })
        {
            C(x, DType.I32, RoundingMode.NearestEven, Oracles.ToI32(x, v => Math.Round(v, MidpointRounding.ToEven)));
            C(x, DType.I32, RoundingMode.TowardZero, Oracles.ToI32(x, Math.Truncate));
            C(x, DType.I32, RoundingMode.Down, Oracles.ToI32(x, Math.Floor));
            C(x, DType.I32, RoundingMode.Up, Oracles.ToI32(x, Math.Ceiling));
            C(x, DType.I8, RoundingMode.NearestEven, (long)Math.Clamp(Math.Round(x, MidpointRounding.ToEven), -128, 127));
        }
        foreach (var i in new[] { 300, -300, 127, 128, -129, 0 })
            cases.Add((d.Convert(d.Const(i, DType.I32), DType.I32, DType.I8, RoundingMode.NearestEven), Terms.Int(unchecked((sbyte)i)), $"i8({i})"));
        AssertAllEqual(Z3, cases);
    }

    [Fact]
    public void Exp_is_uninterpreted_so_positivity_needs_a_stated_fact()
    {
        var d = new RealDomain();
        var e = d.Apply(Opcode.Exp, X, DType.F32);
        Assert.Equal(["exp_real"], d.Functions.Used.Select(f => f.Name));
        Assert.IsType<Verdict.Refuted>(Prove(Terms.Gt(e, Terms.Real(0))));
        // with the fact exp(x) > 0 as an assumption, exp(x) + 1 > 1 follows
        Assert.IsType<Verdict.Proved>(Prove(Terms.Gt(Terms.Add(e, Terms.Real(1)), Terms.Real(1)), Terms.Gt(e, Terms.Real(0))));
    }

    [Fact]
    public void Infinity_has_no_real_value()
    {
        Assert.Throws<ArgumentException>(() => new RealDomain().Const(double.NegativeInfinity, DType.F32));
    }
}
