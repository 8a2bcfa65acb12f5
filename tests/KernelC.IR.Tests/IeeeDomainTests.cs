namespace KernelC.IR.Tests;

/// <summary>The concrete domain op by op, at the edges the interpreter meets rarely: integer wrap-around, NaN and
/// signed zeros in max/min, every comparison predicate with NaN, rsqrt, and the booleans. (Written to kill the
/// mutants docs/mutation.md lists as surviving the rest of the suite.)</summary>
public sealed class IeeeDomainTests
{
    private static readonly IeeeDomain D = IeeeDomain.Exact;

    private static bool SameBits(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    [Theory]
    [InlineData(DType.I8, 127, 1, -128, 126, 127)]
    [InlineData(DType.I8, -128, -1, 127, -127, -128)]
    [InlineData(DType.I32, 2147483647, 1, -2147483648, 2147483646, 2147483647)]
    [InlineData(DType.I32, 5, -7, -2, 12, -35)]
    public void Integer_add_sub_mul_wrap_in_twos_complement(DType t, long a, long b, long sum, long diff, long prod)
    {
        Assert.Equal(sum, D.Add(a, b, t));
        Assert.Equal(diff, D.Sub(a, b, t));
        Assert.Equal(FloatFormat.Wrap(unchecked(a * b), t), D.Mul(a, b, t));
        if (t == DType.I32 && a == 5) Assert.Equal(prod, D.Mul(a, b, t));
    }

    [Fact]
    public void Integer_neg_and_abs_wrap_at_the_minimum()
    {
        Assert.Equal(-5, D.Neg(5, DType.I32));
        Assert.Equal(5, D.Neg(-5, DType.I32));
        Assert.Equal(-128, D.Neg(-128, DType.I8));
        Assert.Equal(7, D.Abs(-7, DType.I32));
        Assert.Equal(7, D.Abs(7, DType.I32));
        Assert.Equal(-128, D.Abs(-128, DType.I8));
        Assert.Equal(3.5, D.Abs(-3.5, DType.F32));
        Assert.True(SameBits(0.0, D.Abs(-0.0, DType.F32)));
        Assert.True(SameBits(-0.0, D.Neg(0.0, DType.F32)));
        Assert.Equal(-2.5, D.Neg(2.5, DType.F32));
    }

    [Fact]
    public void Max_and_min_propagate_nan_and_order_negative_zero_below_positive_zero()
    {
        foreach (var (a, b) in new[] { (double.NaN, 1.0), (1.0, double.NaN), (double.NaN, double.NaN) })
        {
            Assert.True(double.IsNaN(D.Max(a, b, DType.F32)));
            Assert.True(double.IsNaN(D.Min(a, b, DType.F32)));
        }
        Assert.True(SameBits(0.0, D.Max(-0.0, 0.0, DType.F32)));
        Assert.True(SameBits(0.0, D.Max(0.0, -0.0, DType.F32)));
        Assert.True(SameBits(-0.0, D.Min(-0.0, 0.0, DType.F32)));
        Assert.True(SameBits(-0.0, D.Min(0.0, -0.0, DType.F32)));
        Assert.Equal(3.0, D.Max(3.0, 2.0, DType.F32));
        Assert.Equal(3.0, D.Max(2.0, 3.0, DType.F32));
        Assert.Equal(2.0, D.Min(3.0, 2.0, DType.F32));
        Assert.Equal(2.0, D.Min(2.0, 3.0, DType.F32));
        Assert.Equal(4.0, D.Max(4.0, 4.0, DType.F32));
        Assert.Equal(-1.0, D.Max(double.NegativeInfinity, -1.0, DType.F32));
    }

    [Theory]
    [InlineData(CmpPred.Lt, 1, 2, 1)] [InlineData(CmpPred.Lt, 2, 2, 0)] [InlineData(CmpPred.Lt, 3, 2, 0)]
    [InlineData(CmpPred.Le, 1, 2, 1)] [InlineData(CmpPred.Le, 2, 2, 1)] [InlineData(CmpPred.Le, 3, 2, 0)]
    [InlineData(CmpPred.Gt, 1, 2, 0)] [InlineData(CmpPred.Gt, 2, 2, 0)] [InlineData(CmpPred.Gt, 3, 2, 1)]
    [InlineData(CmpPred.Ge, 1, 2, 0)] [InlineData(CmpPred.Ge, 2, 2, 1)] [InlineData(CmpPred.Ge, 3, 2, 1)]
    [InlineData(CmpPred.Eq, 1, 2, 0)] [InlineData(CmpPred.Eq, 2, 2, 1)]
    [InlineData(CmpPred.Ne, 1, 2, 1)] [InlineData(CmpPred.Ne, 2, 2, 0)]
    public void Comparisons(CmpPred p, double a, double b, double expected) =>
        Assert.Equal(expected, D.Compare(p, a, b, DType.F32));

    [Fact]
    public void Every_comparison_but_ne_is_false_with_nan_and_zeros_compare_equal()
    {
        foreach (var p in Enum.GetValues<CmpPred>())
            Assert.Equal(p == CmpPred.Ne ? 1.0 : 0.0, D.Compare(p, double.NaN, 1.0, DType.F32));
        Assert.Equal(1.0, D.Compare(CmpPred.Eq, -0.0, 0.0, DType.F32));
        Assert.Equal(0.0, D.Compare(CmpPred.Lt, -0.0, 0.0, DType.F32));
    }

    [Fact]
    public void Rsqrt_is_the_reciprocal_square_root_rounded_once()
    {
        Assert.Equal(0.5, D.Apply(Opcode.Rsqrt, 4.0, DType.F32));
        Assert.Equal(FloatFormat.Round(1.0 / Math.Sqrt(2.0), DType.F32, RoundingMode.NearestEven), D.Apply(Opcode.Rsqrt, 2.0, DType.F32));
        Assert.Equal(FloatFormat.Round(Math.Sqrt(2.0), DType.F16, RoundingMode.NearestEven), D.Apply(Opcode.Sqrt, 2.0, DType.F16));
    }

    [Fact]
    public void Booleans_and_select()
    {
        Assert.Equal(1.0, D.And(1, 1)); Assert.Equal(0.0, D.And(1, 0)); Assert.Equal(0.0, D.And(0, 1));
        Assert.Equal(1.0, D.Or(1, 0)); Assert.Equal(1.0, D.Or(0, 1)); Assert.Equal(0.0, D.Or(0, 0));
        Assert.Equal(0.0, D.Not(1)); Assert.Equal(1.0, D.Not(0));
        Assert.Equal(7.0, D.Select(1, 7, 9, DType.F32));
        Assert.Equal(9.0, D.Select(0, 7, 9, DType.F32));
    }

    [Fact]
    public void Integer_to_integer_conversion_wraps_and_float_to_integer_saturates()
    {
        Assert.Equal(-56, D.Convert(200, DType.I32, DType.I8, RoundingMode.NearestEven));
        Assert.Equal(127, D.Convert(300.7, DType.F32, DType.I8, RoundingMode.NearestEven));
        Assert.Equal(-128, D.Convert(-1e9, DType.F32, DType.I8, RoundingMode.NearestEven));
        Assert.Equal(0, D.Convert(double.NaN, DType.F32, DType.I32, RoundingMode.NearestEven));
        Assert.Equal(2, D.Convert(2.5, DType.F32, DType.I32, RoundingMode.NearestEven));
        Assert.Equal(3, D.Convert(2.5, DType.F32, DType.I32, RoundingMode.Up));
    }
}
