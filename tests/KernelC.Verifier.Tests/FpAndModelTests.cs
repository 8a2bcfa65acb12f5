using FsCheck.Fluent;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Tests.TestSupport;

namespace KernelC.Verifier.Tests;

public class FpAndModelTests
{
    [Fact]
    public void Fp_literals_round_like_dotnet_and_decode_exactly()
    {
        ForAll(Batch(F64), 50, xs =>
        {
            foreach (var x in xs)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(Canon((float)x)), BitConverter.SingleToInt32Bits(Canon((float)FpLit.FromDouble(x, Sort.F32).ToDouble())));
                Assert.Equal(Canon((double)(Half)x), Canon(FpLit.FromDouble(x, Sort.F16).ToDouble()));
                float f = (float)x;
                Assert.Equal(Canon(Oracles.Bf16(f)), Canon((float)FpLit.FromDouble(f, Sort.BF16).ToDouble()));
                Assert.Equal(Canon(Oracles.F32TowardZero(x)), Canon((float)FpLit.FromDouble(x, Sort.F32, KernelC.IR.RoundingMode.TowardZero).ToDouble()));
                Assert.Equal(BitConverter.DoubleToInt64Bits(Canon(x)), BitConverter.DoubleToInt64Bits(FpLit.FromDouble(x, Sort.F64).ToDouble()));
            }
        });
    }

    private static float Canon(float f) => float.IsNaN(f) ? float.NaN : f;
    private static double Canon(double d) => double.IsNaN(d) ? double.NaN : d;

    [Fact]
    public void Z3_and_cvc5_model_syntax_decodes()
    {
        var m = ModelParser.Parse("""
            (model
              (define-fun r () Real (- (/ 1.0 3.0)))
              (define-fun r2 () Real (- 2.0))
              (define-fun r3 () Real (/ (- 1) 4))
              (define-fun i () Int (- 7))
              (define-fun b () Bool true)
              (define-fun v () (_ BitVec 8) #xff)
              (define-fun w () (_ BitVec 4) #b0101)
              (define-fun v2 () (_ BitVec 32) (_ bv5 32))
              (define-fun f () (_ FloatingPoint 8 24) (fp #b1 #x7f #b10000000000000000000000))
              (define-fun z () (_ FloatingPoint 8 24) (_ -zero 8 24))
              (define-fun n () (_ FloatingPoint 5 11) (_ NaN 5 11))
              (define-fun o () (_ FloatingPoint 11 53) (_ +oo 11 53))
              (define-fun _d0 () Real 1.0)
              (define-fun exp_real ((x!0 Real)) Real (ite (= x!0 0.0) 1.0 2.0))
            )
            """);
        Assert.Equal(new ModelValue.RealV(-1, 3), m["r"]);
        Assert.Equal(-2.0, m.GetDouble("r2"));
        Assert.Equal(-0.25, m.GetDouble("r3"));
        Assert.Equal(new ModelValue.IntV(-7), m["i"]);
        Assert.Equal(new ModelValue.BoolV(true), m["b"]);
        Assert.Equal(-1.0, m.GetDouble("v"));
        Assert.Equal(5.0, m.GetDouble("w"));
        Assert.Equal(5.0, m.GetDouble("v2"));
        Assert.Equal(-1.5, m.GetDouble("f"));
        Assert.True(double.IsNegative(m.GetDouble("z")!.Value) && m.GetDouble("z") == 0);
        Assert.True(double.IsNaN(m.GetDouble("n")!.Value));
        Assert.Equal(double.PositiveInfinity, m.GetDouble("o"));
        Assert.Null(m["_d0"]);
        Assert.IsType<ModelValue.Text>(m["exp_real"]);
        // cvc5 1.0.3 prints a bare list
        Assert.Equal(0.5, ModelParser.Parse("(\n(define-fun x () Real (/ 1 2))\n)").GetDouble("x"));
        Assert.Throws<FormatException>(() => ModelParser.Parse("(model (define-fun"));
    }

    [Fact]
    public void Cvc5_needs_fp_exp_only_for_small_formats()
    {
        Assert.True(Cvc5Solver.NeedsFpExp("(declare-const x (_ FloatingPoint 5 11))"));
        Assert.True(Cvc5Solver.NeedsFpExp("(assert (= (fp #b0 #b00000 #b0000000000) (fp #b0 #b00000 #b0000000000)))"));
        Assert.False(Cvc5Solver.NeedsFpExp("(declare-const x (_ FloatingPoint 8 24))(assert (fp.isNaN ((_ to_fp 11 53) RNE x)))"));
    }
}
