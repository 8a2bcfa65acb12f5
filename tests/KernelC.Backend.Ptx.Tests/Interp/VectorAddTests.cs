using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

public class VectorAddTests
{
    [Fact]
    public void Adds_every_element_with_f32_rounding_and_leaves_the_tail_alone()
    {
        var module = PtxFiles.Module("vector_add.ptx");
        const int n = 1000; // not a multiple of the block: the guard must stop the last block's extra threads
        var a = Buffers.Random(n, 1);
        var b = Buffers.Random(n, 2);
        var mem = new GlobalMemory();
        ulong pa = Buffers.Floats(mem, a), pb = Buffers.Floats(mem, b), pc = Buffers.Floats(mem, new float[n]);
        var r = PtxInterpreter.Run(module, "vector_add", new LaunchConfig((n + 255) / 256, 1, 1, 256, 1, 1, 0),
            [new PtxArg.U64(pa), new PtxArg.U64(pb), new PtxArg.U64(pc), new PtxArg.U32(n)], mem);
        Buffers.AssertOk(r);
        var c = Buffers.ReadFloats(mem, pc, n);
        for (int i = 0; i < n; i++) Assert.Equal(a[i] + b[i], c[i]);
        Assert.True(r.WarpInstructions > 0);
    }

    [Fact]
    public void One_element_too_many_is_an_out_of_bounds_fault()
    {
        var module = PtxFiles.Module("vector_add.ptx");
        var mem = new GlobalMemory();
        ulong pa = Buffers.Floats(mem, new float[64]), pb = Buffers.Floats(mem, new float[64]), pc = Buffers.Floats(mem, new float[64]);
        var r = PtxInterpreter.Run(module, "vector_add", new LaunchConfig(1, 1, 1, 128, 1, 1, 0),
            [new PtxArg.U64(pa), new PtxArg.U64(pb), new PtxArg.U64(pc), new PtxArg.U32(65)], mem);
        Assert.NotNull(r.Fault);
        Assert.Equal(PtxFaultKind.OutOfBounds, r.Fault!.Kind);
        Assert.Equal((64, 0, 0), r.Fault.Thread);
        Assert.Equal(31, r.Fault.Line); // ld.global.f32 %f1, [%rd5]
    }

    [Fact]
    public void A_wrong_argument_list_is_a_bad_launch()
    {
        var module = PtxFiles.Module("vector_add.ptx");
        var r = PtxInterpreter.Run(module, "vector_add", new LaunchConfig(1, 1, 1, 32, 1, 1, 0), [new PtxArg.U64(0)], new GlobalMemory());
        Assert.Equal(PtxFaultKind.BadLaunch, r.Fault?.Kind);
        r = PtxInterpreter.Run(module, "nope", new LaunchConfig(1, 1, 1, 32, 1, 1, 0), [], new GlobalMemory());
        Assert.Equal(PtxFaultKind.BadLaunch, r.Fault?.Kind);
    }
}
