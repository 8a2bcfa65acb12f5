using KernelC.Backend.Ptx.Model;

namespace KernelC.Backend.Ptx.Tests.Reader;

public class ReaderAcceptsTests
{
    [Fact]
    public void Vector_add_reads_into_the_model()
    {
        var m = PtxFiles.Module("vector_add.ptx");
        Assert.Equal("7.8", m.Version);
        Assert.Equal("sm_80", m.Target);
        var e = Assert.Single(m.Entries);
        Assert.Equal("vector_add", e.Name);
        Assert.Equal(["a", "b", "c", "n"], e.Params.Select(p => p.Name));
        Assert.Equal(PtxType.U32, e.Params[3].Type);
        Assert.Equal(19, e.Instructions.Count);
        var bra = e.Instructions.Single(i => i.Opcode == "bra");
        Assert.Equal(new PtxGuard("%p1", false), bra.Guard);
        Assert.Equal(e.Instructions.Count - 1, e.FindLabel("DONE")!.Index);
        var mad = e.Instructions.Single(i => i.Opcode == "mad");
        Assert.Equal(["lo", "s32"], mad.Modifiers.ToArray());
        Assert.Equal(new PtxOperand.Special("%ctaid.x"), e.Instructions[4].Operands[1]);
    }
}

public class ReaderAcceptsFormsTests
{
    /// <summary>Forms EMIT relies on, in one module: dynamic shared memory, vector shared access, conversions with
    /// rounding, packing, guards, the f64 and 64-bit integer forms, .maxntid, comments.</summary>
    private const string Text = """
        // forms
        .version 8.0
        .target sm_90
        .address_size 64
        .extern .shared .align 16 .b8 smem[];

        .visible .entry forms(.param .u64 .ptr .global .align 16 out, .param .f32 x) .maxntid 128, 1, 1
        {
            .reg .pred %p<3>;
            .reg .b16 %h<3>;
            .reg .b32 %r<8>;
            .reg .f32 %f<6>;
            .reg .f64 %fd<2>;
            .reg .b64 %rd<4>;
            /* block comment */
            ld.param.f32 %f1, [x];
            ld.param.u64 %rd1, [out];
            cvta.to.global.u64 %rd1, %rd1;
            cvt.rni.sat.s8.f32 %r1, %f1;
            cvt.rn.bf16.f32 %h1, %f1;
            cvt.f32.bf16 %f2, %h1;
            cvt.rn.f16.f32 %h2, %f1;
            mov.b32 %r2, {%h1, %h2};
            cvt.rn.bf16x2.f32 %r3, %f1, %f2;
            cvt.f64.f32 %fd1, %f1;
            cvt.rn.f32.f64 %f3, %fd1;
            cvt.rn.f32.s32 %f4, %r1;
            cvt.u64.u32 %rd2, %r2;
            rcp.rn.f32 %f5, %f4;
            sqrt.rn.f32 %f5, %f5;
            setp.gtu.f32 %p1, %f5, 0f7F800000;
            selp.b32 %r4, 1, 0, %p1;
            mov.u32 %r5, smem;
            st.shared.v4.f32 [smem], {%f1, %f2, %f3, %f4};
            st.shared.v2.b32 [%r5+16], {%r1, %r2};
            ld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [smem];
            @!%p1 st.global.s8 [%rd1], %r1;
            st.global.u64 [%rd1+8], %rd2;
            exit;
        }
        """;

    [Fact]
    public void The_forms_module_reads_and_runs_with_dynamic_shared_memory()
    {
        var m = PtxFiles.Parse(Text);
        Assert.True(m.Shared.Single().Extern);
        var mem = new Ptx.Interp.GlobalMemory();
        var p = mem.Allocate(16);
        var r = Ptx.Interp.PtxInterpreter.Run(m, "forms", new Ptx.Interp.LaunchConfig(1, 1, 1, 1, 1, 1, 32), [new Ptx.Interp.PtxArg.U64(p), new Ptx.Interp.PtxArg.F32(-2.5f)], mem);
        Assert.True(r.Fault is null, r.Fault?.ToString());
        var bytes = new byte[16];
        mem.Read(p, bytes);
        Assert.Equal(unchecked((byte)-2), bytes[0]);          // cvt.rni.sat.s8.f32(-2.5) = -2, stored by st.global.s8
        // r2 = {bf16(-2.5) low, f16(-2.5) high}: bf16 0xC020, f16 0xC100
        Assert.Equal(0xC100_C020UL, BitConverter.ToUInt64(bytes, 8));
        // without dynamic shared memory the v4 store to smem is out of bounds
        var r2 = Ptx.Interp.PtxInterpreter.Run(m, "forms", new Ptx.Interp.LaunchConfig(1, 1, 1, 1, 1, 1, 0), [new Ptx.Interp.PtxArg.U64(p), new Ptx.Interp.PtxArg.F32(1)], mem);
        Assert.Equal(Ptx.Interp.PtxFaultKind.OutOfBounds, r2.Fault?.Kind);
    }

    /// <summary>lg2.approx.f32 and tanh.approx.f32 (sm_75 and PTX ISA 7.0 are the lowest the reader accepts for tanh);
    /// the interpreter models them as the correctly rounded log2 and tanh, special values included.</summary>
    [Theory]
    [InlineData(3.0f, 1.5849625f, 0.9950548f)]
    [InlineData(0.5f, -1f, 0.46211717f)]
    [InlineData(0f, float.NegativeInfinity, 0f)]
    [InlineData(-2f, float.NaN, -0.9640276f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity, 1f)]
    public void Lg2_and_tanh_approx_read_and_run(float x, float lg2, float tanh)
    {
        var m = PtxFiles.Parse("""
            .version 7.0
            .target sm_75
            .address_size 64
            .visible .entry f(.param .u64 out, .param .f32 x)
            {
                .reg .f32 %f<3>;
                .reg .b64 %rd<2>;
                ld.param.f32 %f0, [x];
                ld.param.u64 %rd1, [out];
                lg2.approx.f32 %f1, %f0;
                tanh.approx.f32 %f2, %f0;
                st.global.f32 [%rd1], %f1;
                st.global.f32 [%rd1+4], %f2;
                ret;
            }
            """);
        var mem = new Ptx.Interp.GlobalMemory();
        var p = mem.Allocate(8);
        var r = Ptx.Interp.PtxInterpreter.Run(m, "f", new Ptx.Interp.LaunchConfig(1, 1, 1, 1, 1, 1, 0), [new Ptx.Interp.PtxArg.U64(p), new Ptx.Interp.PtxArg.F32(x)], mem);
        Assert.True(r.Fault is null, r.Fault?.ToString());
        var bytes = new byte[8];
        mem.Read(p, bytes);
        Assert.Equal(lg2, BitConverter.ToSingle(bytes, 0));
        Assert.Equal(tanh, BitConverter.ToSingle(bytes, 4));
    }
}
