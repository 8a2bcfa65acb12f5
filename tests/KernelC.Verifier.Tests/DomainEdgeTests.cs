using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Tests.TestSupport;

namespace KernelC.Verifier.Tests;

/// <summary>The symbolic domains at their edges: integer and bool paths, saturation of constants, refusals of
/// meaningless requests. Written against the mutants that survived the first mutation run of
/// src/Verifier/Domains (docs/mutation.md): each case pins one branch the other tests did not reach.</summary>
public class DomainEdgeTests
{
    private static readonly FloatDomain F = new();
    private static readonly RealDomain R = new();
    private static readonly ISolver Z3 = new Z3Solver();
    private static Term I32(long v) => Terms.Bv(v, 32);
    private static Term I8(long v) => Terms.Bv(v, 8);
    private static Term F32(float f) => FpLit.FromDouble(f, Sort.F32);

    [Fact]
    public void Sorts_follow_the_dtype_kind()
    {
        Assert.Equal(Sort.F32, FloatDomain.SortOf(DType.F32));
        Assert.Equal(Sort.BitVec(32), FloatDomain.SortOf(DType.I32));
        Assert.Equal(Sort.Bool, FloatDomain.SortOf(DType.Bool));
        Assert.Equal(Sort.Real, RealDomain.SortOf(DType.F16));
        Assert.Equal(Sort.Int, RealDomain.SortOf(DType.Index));
        Assert.Equal(Sort.Bool, RealDomain.SortOf(DType.Bool));
    }

    [Fact]
    public void Integer_constants_truncate_and_saturate_to_the_type_range()
    {
        Assert.Equal(I32(3), F.Const(3.7, DType.I32));
        Assert.Equal(I32(-3), F.Const(-3.7, DType.I32));
        Assert.Equal(I32(int.MaxValue), F.Const(1e10, DType.I32));
        Assert.Equal(I32(int.MinValue), F.Const(-1e10, DType.I32));
        Assert.Equal(I8(-128), F.Const(-128, DType.I8));
        Assert.Equal(I8(127), F.Const(127, DType.I8));
        Assert.Equal(I32(0), F.Const(double.NaN, DType.I32));
        // 2^63 is (double)long.MaxValue: it must saturate to 2^63 - 1, not become the out-of-range 2^63
        Assert.Equal(Terms.Bv(long.MaxValue, 64), F.Const(Math.ScaleB(1.0, 63), DType.Index));
        Assert.Equal(Terms.Bool(true), F.Const(2, DType.Bool));
        Assert.Equal(Terms.Bool(false), F.Const(0, DType.Bool));
        Assert.Equal(Terms.Bool(false), R.Const(0, DType.Bool));
        Assert.Equal(F32(0.5f), F.Const(0.5, DType.F32));
    }

    [Fact]
    public void The_real_domain_refuses_values_it_cannot_represent()
    {
        Assert.Contains("no value in the real domain",
            Assert.Throws<ArgumentException>(() => R.Const(double.PositiveInfinity, DType.F32)).Message);
        Assert.Contains("not an integer", Assert.Throws<ArgumentException>(() => R.Const(2.5, DType.I32)).Message);
        Assert.Equal(Terms.Int(-7), R.Const(-7, DType.I32));
    }

    [Fact]
    public void Integer_arithmetic_is_twos_complement_in_the_bitvector_domain()
    {
        AssertAllEqual(Z3,
        [
            (F.Neg(I32(5), DType.I32), I32(-5), "-5"),
            (F.Abs(I32(-5), DType.I32), I32(5), "|-5|"),
            (F.Abs(I32(int.MinValue), DType.I32), I32(int.MinValue), "|MIN| wraps"),
            (F.Min(I32(3), I32(-2), DType.I32), I32(-2), "min(3, -2)"),
            (F.Max(I32(3), I32(-2), DType.I32), I32(3), "max(3, -2)"),
            (F.Convert(I32(300), DType.I32, DType.I8, RoundingMode.NearestEven), I8(44), "i32 300 -> i8 wraps to 44"),
            (F.Convert(I8(-5), DType.I8, DType.I32, RoundingMode.NearestEven), I32(-5), "i8 -5 -> i32 sign-extends"),
        ]);
    }

    [Fact]
    public void Integer_arithmetic_is_exact_in_the_real_domain()
    {
        AssertAllEqual(Z3,
        [
            (R.Abs(Terms.Int(-3), DType.I32), Terms.Int(3), "|-3| over Int"),
            (R.Abs(Terms.Real(-1.5), DType.F32), Terms.Real(1.5), "|-1.5| over Real"),
        ]);
    }

    [Fact]
    public void Conversion_to_bool_is_nonzero_with_nan_true_and_negative_zero_false()
    {
        AssertAllEqual(Z3,
        [
            (F.Convert(F32(0f), DType.F32, DType.Bool, RoundingMode.NearestEven), Terms.Bool(false), "f32 0 -> false"),
            (F.Convert(F32(-0f), DType.F32, DType.Bool, RoundingMode.NearestEven), Terms.Bool(false), "f32 -0 -> false"),
            (F.Convert(F32(float.NaN), DType.F32, DType.Bool, RoundingMode.NearestEven), Terms.Bool(true), "NaN -> true"),
            (F.Convert(F32(0.25f), DType.F32, DType.Bool, RoundingMode.NearestEven), Terms.Bool(true), "0.25 -> true"),
            (F.Convert(I32(0), DType.I32, DType.Bool, RoundingMode.NearestEven), Terms.Bool(false), "i32 0 -> false"),
            (F.Convert(I32(7), DType.I32, DType.Bool, RoundingMode.NearestEven), Terms.Bool(true), "i32 7 -> true"),
        ]);
    }

    [Fact]
    public void Bool_values_compare_by_equality_only()
    {
        foreach (INumberDomain<Term> d in new INumberDomain<Term>[] { F, R })
        {
            var e = Assert.Throws<ArgumentException>(() =>
                d.Compare(CmpPred.Lt, Terms.Bool(true), Terms.Bool(false), DType.Bool));
            Assert.Contains("eq/ne only", e.Message);
            Assert.Equal(Terms.Eq(Terms.Bool(true), Terms.Bool(false)),
                d.Compare(CmpPred.Eq, Terms.Bool(true), Terms.Bool(false), DType.Bool));
        }
    }

    [Fact]
    public void Transcendentals_need_a_float_type_and_a_transcendental_opcode()
    {
        Assert.Contains("needs a float dtype",
            Assert.Throws<ArgumentException>(() => F.Apply(Opcode.Exp, I32(1), DType.I32)).Message);
        Assert.Contains("is not a transcendental",
            Assert.Throws<ArgumentException>(() => new SymbolicFunctions().Get(Opcode.Add, Sort.Real, "real")).Message);
    }

    [Fact]
    public void Used_functions_are_listed_in_name_order_whatever_the_order_of_use()
    {
        var fns = new SymbolicFunctions();
        fns.Get(Opcode.Tanh, Sort.Real, "real");
        fns.Get(Opcode.Exp, Sort.Real, "real");
        fns.Get(Opcode.Log, Sort.Real, "real");
        Assert.Equal(["exp_real", "log_real", "tanh_real"], fns.Used.Select(f => f.Name));
    }
}
