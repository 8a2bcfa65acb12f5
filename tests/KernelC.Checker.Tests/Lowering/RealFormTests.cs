using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Verifier.Ptx;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>The real normal form of the lowering rule: sums in any order and bracketing meet as equal data, max is
/// associative/commutative/idempotent, ex2.approx(x·f32(log2 e)) is exp(x), and different values stay different
/// (the solver then refutes their equality).</summary>
public class RealFormTests
{
    private static (RealFormDomain D, SymVal[] X) Vars(int n)
    {
        var d = new RealFormDomain(new RealForms());
        return (d, Enumerable.Range(0, n).Select(i => d.Real(d.Forms.Var(Const($"x{i}", Sort.Real)))).ToArray());
    }

    [Fact]
    public void A_sum_in_any_order_and_bracketing_is_the_same_normal_form()
    {
        Prop.ForAll(Gen.Shuffle(Enumerable.Range(0, 8).ToArray()).ToArbitrary(), perm =>
        {
            var (d, x) = Vars(8);
            // sequential fold in index order vs a pairwise tree in the permuted order
            var seq = x.Aggregate(d.Const(0, DType.F32), (a, b) => d.Add(a, b, DType.F32));
            var level = perm.Select(i => x[i]).ToList();
            while (level.Count > 1)
                level = level.Chunk(2).Select(p => p.Length == 2 ? d.Add(p[0], p[1], DType.F32) : p[0]).ToList();
            return seq.Equals(level[0]);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_max_tree_from_minus_infinity_equals_a_sequential_max()
    {
        var (d, x) = Vars(6);
        var seq = x.Aggregate(d.Const(double.NegativeInfinity, DType.F32), (a, b) => d.Max(a, b, DType.F32));
        var tree = d.Max(d.Max(d.Max(x[5], x[3], DType.F32), d.Max(x[1], x[1], DType.F32), DType.F32),
            d.Max(d.Max(x[0], x[2], DType.F32), x[4], DType.F32), DType.F32);
        Assert.Equal(seq, tree);
        Assert.NotEqual(seq, d.Max(d.Max(x[0], x[1], DType.F32), x[2], DType.F32)); // fewer operands: another value
    }

    [Fact]
    public void Ex2_of_x_times_f32_log2e_is_the_IRs_exp_of_x()
    {
        var (d, x) = Vars(2);
        var p = new LoweringPtxDomain(d);
        var shifted = d.Sub(x[0], x[1], DType.F32);
        var viaEx2 = p.Ex2Approx(p.Mul(shifted, p.Const(LoweringPtxDomain.Log2E, DType.F32), DType.F32), ftz: false);
        Assert.Equal(d.Apply(Opcode.Exp, shifted, DType.F32), viaEx2);
        // a different scale is not exp(x): 2^(x·1.5) stays a different term
        var other = p.Ex2Approx(p.Mul(shifted, p.Const(1.5, DType.F32), DType.F32), ftz: false);
        Assert.NotEqual(d.Apply(Opcode.Exp, shifted, DType.F32), other);
        Assert.Equal(d.Const(0, DType.F32), p.Ex2Approx(d.Const(double.NegativeInfinity, DType.F32), ftz: false));
    }

    [Fact]
    public void Division_by_a_constant_is_multiplication_by_its_inverse_and_sqrt_of_a_square_folds()
    {
        var (d, x) = Vars(1);
        var eight = d.Apply(Opcode.Sqrt, d.Const(64, DType.F32), DType.F32);
        Assert.Equal(d.Div(x[0], eight, DType.F32), d.Mul(x[0], d.Const(0.125, DType.F32), DType.F32));
        // sqrt(2) is not folded: an uninterpreted function of the constant 2
        Assert.IsType<SymVal.Real>(d.Apply(Opcode.Sqrt, d.Const(2, DType.F32), DType.F32));
        Assert.Null(((SymVal.Real)d.Apply(Opcode.Sqrt, d.Const(2, DType.F32), DType.F32)).Value.Constant);
    }

    [Fact]
    public void Different_values_are_different_data_and_the_solver_refutes_their_equality()
    {
        var (d, x) = Vars(2);
        var plus = (SymVal.Real)d.Add(x[0], x[1], DType.F32);
        var minus = (SymVal.Real)d.Sub(x[0], x[1], DType.F32);
        Assert.NotEqual(plus, minus);
        var claim = Eq(d.Forms.ToTerm(plus.Value), d.Forms.ToTerm(minus.Value));
        var o = new Obligation("plus-minus", EqArray.Of(Const("x0", Sort.Real), Const("x1", Sort.Real)), EqArray<Term>.Empty, claim);
        var v = Prover.Prove(o, new Z3Solver(), new SolverLimits(TimeoutMs: 10_000)).Verdict;
        var r = Assert.IsType<Verdict.Refuted>(v);
        Assert.NotEqual(0.0, r.Model.GetDouble("x1"));
    }

    [Fact]
    public void Products_expand_so_a_scaled_sum_equals_the_sum_of_scaled_terms()
    {
        var (d, x) = Vars(3);
        var c = d.Const(0.125, DType.F32);
        var left = d.Mul(d.Add(d.Mul(x[0], x[1], DType.F32), d.Mul(x[0], x[2], DType.F32), DType.F32), c, DType.F32);
        var right = d.Mul(x[0], d.Mul(d.Add(x[2], x[1], DType.F32), c, DType.F32), DType.F32);
        Assert.Equal(left, right);
    }

    [Fact]
    public void Zero_is_the_zero_polynomial_in_every_table_whatever_another_table_interned()
    {
        // each table caches the ids it hands out inside the polynomial: a zero shared between tables once carried
        // table A's id 0 into table B, where id 0 was x — so in B "0" printed as x
        var a = new RealForms();
        a.ToTerm(a.Zero);
        var b = new RealForms();
        var x = b.Var(Const("x", Sort.Real));
        Assert.Equal("x", SmtPrinter.Print(b.ToTerm(x)));
        Assert.Equal(SmtPrinter.Print(Real(0)), SmtPrinter.Print(b.ToTerm(b.Zero)));
        Assert.True(b.PolyOf(b.PolyId(b.Zero)).IsZero);
        Assert.NotEqual(b.PolyId(x), b.PolyId(b.Zero));
        var d = new RealFormDomain(b);
        Assert.Equal(d.Real(b.Zero), d.Sub(d.Real(x), d.Real(x), DType.F32));
    }
}
