using FsCheck;
using FsCheck.Fluent;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Interp;

/// <summary>Single instructions of the semantics table over the concrete domain, at the edges that matter.</summary>
public class SemanticsTests
{
    private static readonly PtxSemantics<double> Sem = new(ConcretePtxDomain.Instance);

    /// <summary>The decoded form of "opcode.mod.mod" with n register operands.</summary>
    private static PtxForm Form(string spelling, int operands)
    {
        var parts = spelling.Split('.');
        var ops = Enumerable.Range(0, operands).Select(i => (PtxOperand)new PtxOperand.Register("%r" + i));
        var f = PtxDecoder.Decode(new PtxInstruction(null, parts[0], new EqArray<string>(parts.Skip(1)), new EqArray<PtxOperand>(ops), 1, 1), out var e);
        Assert.True(f is not null, e?.Message);
        return f!;
    }

    private static PtxValue<double> F32(double x) => PtxValue<double>.OfFloat((float)x, DType.F32);
    private static PtxValue<double> U(ulong x) => PtxValue<double>.OfBits(x);
    private static double AsF(PtxValue<double> v, DType t = DType.F32) => Sem.AsFloat(v, t);
    private static long Signed(PtxValue<double> v, int bits) => PtxSemantics<double>.SignExtend(v.Bits, bits);

    [Theory]
    [InlineData(2.5, 2)] [InlineData(3.5, 4)] [InlineData(-2.5, -2)] [InlineData(-0.5, 0)] [InlineData(126.7, 127)]
    [InlineData(200, 127)] [InlineData(-1e9, -128)] [InlineData(double.NaN, 0)] [InlineData(double.PositiveInfinity, 127)]
    public void Cvt_rni_sat_s8_f32_rounds_to_nearest_even_and_saturates(double x, long expected) =>
        Assert.Equal(expected, Signed(Sem.Cvt(Form("cvt.rni.sat.s8.f32", 2), F32(x)), 8));

    [Fact]
    public void Cvt_float_to_integer_in_each_rounding_mode()
    {
        Assert.Equal(-2, Signed(Sem.Cvt(Form("cvt.rzi.s32.f32", 2), F32(-2.7)), 32));
        Assert.Equal(-3, Signed(Sem.Cvt(Form("cvt.rmi.s32.f32", 2), F32(-2.2)), 32));
        Assert.Equal(3, Signed(Sem.Cvt(Form("cvt.rpi.s32.f32", 2), F32(2.2)), 32));
        Assert.Equal(0UL, Sem.Cvt(Form("cvt.rni.u32.f32", 2), F32(-5)).Bits);               // unsigned saturates at 0
        Assert.Equal(65535UL, Sem.Cvt(Form("cvt.rni.u16.f32", 2), F32(1e6)).Bits);
    }

    [Fact]
    public void Cvt_between_floats_rounds_once_in_the_mode()
    {
        double tie = 1 + Math.ScaleB(1, -11); // halfway between two f16 neighbours of 1
        Assert.Equal(1.0, AsF(Sem.Cvt(Form("cvt.rn.f16.f32", 2), F32(tie)), DType.F16));
        Assert.Equal(1 + Math.ScaleB(1, -10), AsF(Sem.Cvt(Form("cvt.rp.f16.f32", 2), F32(tie)), DType.F16));
        Assert.Equal(double.PositiveInfinity, AsF(Sem.Cvt(Form("cvt.rn.f16.f32", 2), F32(70000)), DType.F16));
        Assert.Equal(65504, AsF(Sem.Cvt(Form("cvt.rz.f16.f32", 2), F32(70000)), DType.F16));
        Assert.Equal((double)(float)BitConverter.UInt32BitsToSingle(0x3F810000), // bf16 keeps 8 bits: 1 + 2^-7
            AsF(Sem.Cvt(Form("cvt.rn.bf16.f32", 2), F32(1 + Math.ScaleB(1, -7) + Math.ScaleB(1, -10))), DType.BF16));
        var h = Sem.Cvt(Form("cvt.rn.f16.f32", 2), F32(0.1));
        Assert.Equal((double)(Half)0.1f, AsF(Sem.Cvt(Form("cvt.f32.f16", 2), h)));          // widening is exact
    }

    [Fact]
    public void Cvt_f16x2_puts_the_first_source_in_the_upper_half()
    {
        var packed = Sem.CvtPack(Form("cvt.rn.f16x2.f32", 3), F32(1.0), F32(2.0));
        Assert.Equal(0x3C00_4000UL, packed.Bits); // f16 1.0 = 0x3C00 (upper), 2.0 = 0x4000 (lower)
        var (lo, hi) = Sem.Unpack(Form("mov.b32", 2) with { Unpack = true }, packed);
        Assert.Equal((0x4000UL, 0x3C00UL), (lo.Bits, hi.Bits));
    }

    [Fact]
    public void Max_returns_the_other_operand_for_NaN_unless_dot_NaN()
    {
        Assert.Equal(1.0, AsF(Sem.Binary(Form("max.f32", 3), F32(double.NaN), F32(1))));
        Assert.Equal(1.0, AsF(Sem.Binary(Form("min.f32", 3), F32(1), F32(double.NaN))));
        Assert.True(double.IsNaN(AsF(Sem.Binary(Form("max.NaN.f32", 3), F32(double.NaN), F32(1)))));
        Assert.Equal(0.0, AsF(Sem.Binary(Form("max.f32", 3), F32(-0.0), F32(0.0))));
        Assert.False(double.IsNegative(AsF(Sem.Binary(Form("max.f32", 3), F32(-0.0), F32(0.0)))));
    }

    [Fact]
    public void Setp_ordered_and_unordered_comparisons_with_NaN()
    {
        var nan = F32(double.NaN);
        Assert.Equal(0UL, Sem.Setp(Form("setp.ne.f32", 3), nan, F32(1)).Bits);
        Assert.Equal(1UL, Sem.Setp(Form("setp.neu.f32", 3), nan, F32(1)).Bits);
        Assert.Equal(0UL, Sem.Setp(Form("setp.lt.f32", 3), nan, F32(1)).Bits);
        Assert.Equal(1UL, Sem.Setp(Form("setp.ltu.f32", 3), nan, F32(1)).Bits);
        Assert.Equal(1UL, Sem.Setp(Form("setp.nan.f32", 3), F32(1), nan).Bits);
        Assert.Equal(1UL, Sem.Setp(Form("setp.eq.f32", 3), F32(-0.0), F32(0)).Bits);
        Assert.Equal(1UL, Sem.Setp(Form("setp.lt.s32", 3), U(0xFFFF_FFFF), U(0)).Bits);  // -1 < 0
        Assert.Equal(0UL, Sem.Setp(Form("setp.lt.u32", 3), U(0xFFFF_FFFF), U(0)).Bits);  // 2^32-1 > 0
    }

    [Fact]
    public void Integer_multiply_modes_and_shifts()
    {
        Assert.Equal(0xFFFF_FFFEUL, Sem.Binary(Form("mul.hi.u32", 3), U(0xFFFF_FFFF), U(0xFFFF_FFFF)).Bits);
        Assert.Equal(unchecked((ulong)-6L), Sem.Binary(Form("mul.wide.s32", 3), U(0xFFFF_FFFE), U(3)).Bits); // -2 * 3
        Assert.Equal(0x1_FFFF_FFFEUL, Sem.Binary(Form("mul.wide.u32", 3), U(0xFFFF_FFFF), U(2)).Bits);
        Assert.Equal(7UL, Sem.Ternary(Form("mad.lo.s32", 4), U(2), U(3), U(1)).Bits);
        Assert.Equal(0xFFFF_FFFCUL, Sem.Binary(Form("shr.s32", 3), U(0xFFFF_FFF0), U(2)).Bits);
        Assert.Equal(0x3FFF_FFFCUL, Sem.Binary(Form("shr.u32", 3), U(0xFFFF_FFF0), U(2)).Bits);
        Assert.Equal(0UL, Sem.Binary(Form("shl.b32", 3), U(1), U(32)).Bits);
        Assert.Equal(0xFFFF_FFFFUL, Sem.Binary(Form("shr.s32", 3), U(0x8000_0000), U(40)).Bits);
        Assert.Equal(unchecked((ulong)-2L) & 0xFFFF_FFFF, Sem.Binary(Form("div.s32", 3), U(unchecked((uint)-7)), U(3)).Bits); // truncation
        Assert.Equal(unchecked((ulong)-1L) & 0xFFFF_FFFF, Sem.Binary(Form("rem.s32", 3), U(unchecked((uint)-7)), U(3)).Bits);
    }

    [Fact]
    public void Ex2_approx_is_the_correctly_rounded_power_of_two_and_ftz_flushes()
    {
        Assert.Equal(0.0, AsF(Sem.Unary(Form("ex2.approx.f32", 2), F32(double.NegativeInfinity))));
        Assert.Equal(8.0, AsF(Sem.Unary(Form("ex2.approx.f32", 2), F32(3))));
        Assert.Equal((double)(float)Math.Pow(2, 0.3f), AsF(Sem.Unary(Form("ex2.approx.f32", 2), F32(0.3))));
        Assert.Equal(Math.ScaleB(1, -130), AsF(Sem.Unary(Form("ex2.approx.f32", 2), F32(-130))));  // subnormal kept
        Assert.Equal(0.0, AsF(Sem.Unary(Form("ex2.approx.ftz.f32", 2), F32(-130))));
    }

    [Fact]
    public void Sat_clamps_to_0_1_and_fma_rounds_once()
    {
        Assert.Equal(1.0, AsF(Sem.Binary(Form("add.rn.sat.f32", 3), F32(0.75), F32(0.75))));
        Assert.Equal(0.0, AsF(Sem.Binary(Form("add.rn.sat.f32", 3), F32(double.NaN), F32(0.75))));
        Assert.Equal((double)(float)(0.1f * 3f + 0.2f), AsF(Sem.Ternary(Form("fma.rn.f32", 4), F32(0.1), F32(3), F32(0.2))), 1e-7);
        Assert.Equal((double)MathF.FusedMultiplyAdd(0.1f, 3f, 0.2f), AsF(Sem.Ternary(Form("fma.rn.f32", 4), F32(0.1), F32(3), F32(0.2))));
    }

    /// <summary>The concrete domain's f32 fast path (binary64 then a float cast) equals the IR's IEEE domain (binary64
    /// then FloatFormat.Round) on random f32 pairs, including overflow, subnormals and signed zeros.</summary>
    [Fact]
    public void Concrete_f32_fast_path_equals_the_IR_IEEE_domain()
    {
        var gen = from a in ArbMap.Default.GeneratorFor<int>()
                  from b in ArbMap.Default.GeneratorFor<int>()
                  select (BitConverter.Int32BitsToSingle(a), BitConverter.Int32BitsToSingle(b));
        var c = ConcretePtxDomain.Instance;
        var ieee = IeeeDomain.Exact;
        static bool Same(double x, double y) => double.IsNaN(x) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
        Prop.ForAll(gen.ToArbitrary(), p =>
        {
            double a = p.Item1, b = p.Item2;
            return Same(c.Add(a, b, DType.F32), ieee.Add(a, b, DType.F32)) && Same(c.Sub(a, b, DType.F32), ieee.Sub(a, b, DType.F32))
                && Same(c.Mul(a, b, DType.F32), ieee.Mul(a, b, DType.F32)) && Same(c.Div(a, b, DType.F32), ieee.Div(a, b, DType.F32));
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
