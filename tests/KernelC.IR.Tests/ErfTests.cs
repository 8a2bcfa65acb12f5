namespace KernelC.IR.Tests;

public class ErfTests
{
    // reference values (Abramowitz & Stegun / high-precision tables)
    [Theory]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(1.5, 0.9661051464753108)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(4.0, 0.9999999845827421)]
    [InlineData(1e-10, 1.1283791670955126e-10)]
    public void KnownValues(double x, double expected)
    {
        Assert.True(Math.Abs(Erf.Of(x) - expected) < 1e-14, $"erf({x}) = {Erf.Of(x):R}");
        Assert.True(Math.Abs(Erf.Of(-x) + expected) < 1e-14, "odd");
    }

    [Fact]
    public void ComplementTails()
    {
        Assert.True(Math.Abs(Erf.Complement(3.0) / 2.209049699858544e-05 - 1) < 1e-13, $"{Erf.Complement(3.0):R}");
        Assert.True(Math.Abs(Erf.Complement(5.0) / 1.5374597944280349e-12 - 1) < 1e-13, $"{Erf.Complement(5.0):R}");
    }

    [Fact]
    public void ContinuousAcrossTheMethodBoundaryAndMonotone()
    {
        double below = Erf.Of(2.5 - 1e-12), above = Erf.Of(2.5);
        Assert.True(Math.Abs(above - below) < 1e-14);
        double prev = -1;
        for (double x = -7; x <= 7; x += 0.01)
        {
            double y = Erf.Of(x);
            Assert.True(y >= prev - 1e-16, $"monotone at {x}");
            prev = y;
        }
        Assert.True(double.IsNaN(Erf.Of(double.NaN)));
        Assert.Equal(1.0, Erf.Of(double.PositiveInfinity));
        Assert.Equal(-1.0, Erf.Of(double.NegativeInfinity));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(Erf.Of(-0.0)));
    }
}
