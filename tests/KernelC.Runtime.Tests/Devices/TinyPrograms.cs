using System.Collections.Immutable;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Runtime.Tests.Devices;

/// <summary>A hand-written PTX program: y[i] = x[i] + x[i] for i &lt; N, one thread per element, blocks of 32.</summary>
internal static class TinyPrograms
{
    public const string DoublePtx = """
        .version 7.8
        .target sm_80
        .address_size 64

        .visible .entry double_it(
            .param .u64 x,
            .param .u64 y,
            .param .u32 n
        )
        {
            .reg .pred %p<2>;
            .reg .b32 %r<6>;
            .reg .f32 %f<3>;
            .reg .b64 %rd<6>;

            ld.param.u64 %rd1, [x];
            ld.param.u64 %rd2, [y];
            ld.param.u32 %r1, [n];
            mov.u32 %r2, %ctaid.x;
            mov.u32 %r3, %ntid.x;
            mov.u32 %r4, %tid.x;
            mad.lo.u32 %r5, %r2, %r3, %r4;
            setp.ge.u32 %p1, %r5, %r1;
            @%p1 bra DONE;
            mul.wide.u32 %rd3, %r5, 4;
            add.u64 %rd4, %rd1, %rd3;
            add.u64 %rd5, %rd2, %rd3;
            ld.global.f32 %f1, [%rd4];
            add.rn.f32 %f2, %f1, %f1;
            st.global.f32 [%rd5], %f2;
        DONE:
            ret;
        }
        """;

    public static PtxProgram Double(string ptx = DoublePtx) => new("double_it", ptx,
        new EqArray<PtxBuffer>([
            new PtxBuffer("x", PtxBufferKind.Input, DType.F32, new EqArray<Dim>([Dim.Of("N")])),
            new PtxBuffer("y", PtxBufferKind.Output, DType.F32, new EqArray<Dim>([Dim.Of("N")])),
        ]),
        new EqArray<PtxLaunch>([
            new PtxLaunch("double_it",
                new EqArray<PtxLaunchParam>([new("x", PtxParamKind.Buffer), new("y", PtxParamKind.Buffer), new("N", PtxParamKind.Dim)]),
                LaunchExtent.CeilDiv("N", 32), LaunchExtent.One, LaunchExtent.One, 32, 1, 1, 0,
                new KernelReport(12, 0, 32, "N", "8*N")),
        ]));

    public static Tensor Vector(params double[] values) => new(DType.F32, [values.Length], values);

    public static Dictionary<string, long> Dims(long n) => new() { ["N"] = n };
}
