using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Reader;

/// <summary>Half-precision arithmetic (the emitter's f16 rows: add/sub/mul.rn.f16, neg/abs.f16, max/min.NaN.f16,
/// setp.f16 — sm_53+, min/max sm_80) reads, and computes the correctly rounded binary16 result: the operands are
/// chosen so that a computation in f32 without rounding to f16 would give a different answer.</summary>
public class HalfPrecisionTests
{
    private const string Text = """
        .version 7.8
        .target sm_80
        .address_size 64

        .visible .entry half(.param .u64 out, .param .f32 x, .param .f32 y)
        {
            .reg .pred %p<2>;
            .reg .b16 %h<10>;
            .reg .b32 %r<2>;
            .reg .f32 %f<10>;
            .reg .b64 %rd<2>;
            ld.param.u64 %rd1, [out];
            cvta.to.global.u64 %rd1, %rd1;
            ld.param.f32 %f1, [x];
            ld.param.f32 %f2, [y];
            cvt.rn.f16.f32 %h1, %f1;
            cvt.rn.f16.f32 %h2, %f2;
            add.rn.f16 %h3, %h1, %h2;
            sub.rn.f16 %h4, %h1, %h2;
            mul.rn.f16 %h5, %h1, %h2;
            neg.f16 %h6, %h1;
            abs.f16 %h7, %h6;
            max.NaN.f16 %h8, %h1, %h2;
            setp.lt.f16 %p1, %h1, %h2;
            selp.b32 %r1, 1, 0, %p1;
            cvt.f32.f16 %f3, %h3;
            cvt.f32.f16 %f4, %h4;
            cvt.f32.f16 %f5, %h5;
            cvt.f32.f16 %f6, %h6;
            cvt.f32.f16 %f7, %h7;
            cvt.f32.f16 %f8, %h8;
            st.global.f32 [%rd1], %f3;
            st.global.f32 [%rd1+4], %f4;
            st.global.f32 [%rd1+8], %f5;
            st.global.f32 [%rd1+12], %f6;
            st.global.f32 [%rd1+16], %f7;
            st.global.f32 [%rd1+20], %f8;
            st.global.u32 [%rd1+24], %r1;
            ret;
        }
        """;

    private static float[] Run(float x, float y)
    {
        var m = PtxFiles.Parse(Text);
        var mem = new GlobalMemory();
        var p = mem.Allocate(28);
        var r = PtxInterpreter.Run(m, "half", new LaunchConfig(1, 1, 1, 1, 1, 1, 0), [new PtxArg.U64(p), new PtxArg.F32(x), new PtxArg.F32(y)], mem);
        Assert.True(r.Fault is null, r.Fault?.ToString());
        var bytes = new byte[28];
        mem.Read(p, bytes);
        return Enumerable.Range(0, 7).Select(i => i == 6 ? BitConverter.ToUInt32(bytes, 24) : BitConverter.ToSingle(bytes, 4 * i)).ToArray();
    }

    [Fact]
    public void Half_precision_arithmetic_rounds_each_result_to_binary16()
    {
        // 1 + 2^-11 is a tie between 1 and 1 + 2^-10: to even gives 1 (in f32 it would be exact).
        var r = Run(1f, MathF.ScaleB(1f, -11));
        Assert.Equal(1f, r[0]);
        Assert.Equal(1f - MathF.ScaleB(1f, -11), r[1]);                   // exact in binary16 (just below 1)
        Assert.Equal(MathF.ScaleB(1f, -11), r[2]);
        Assert.Equal([-1f, 1f, 1f], r[3..6]);
        Assert.Equal(0f, r[6]);                                              // 1 < 2^-11 is false
        // 3 · 1.0009765625 = 3.0029296875: binary16 spacing at 3 is 2^-9, so 3 + 1.5·2^-9 rounds to 3 + 2·2^-9
        var s = Run(3f, 1f + MathF.ScaleB(1f, -10));
        Assert.Equal(3f + MathF.ScaleB(1f, -8), s[2]);
        // 65504 (the largest binary16) + 32 = 65536 rounds to +inf (overflow), as binary16 does
        var o = Run(65504f, 32f);
        Assert.Equal(float.PositiveInfinity, o[0]);
        Assert.Equal(1f, Run(-1f, 2f)[6]);                                   // -1 < 2
    }
}
