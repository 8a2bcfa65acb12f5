using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

/// <summary>Each fault kind, provoked by a deliberately wrong kernel (Interp/Kernels/bad_*.ptx or a one-line edit of a
/// good kernel); the good kernel runs clean on the same launch (see the kernels' own tests).</summary>
public class FaultTests
{
    private static PtxFault Fault(PtxRunResult r)
    {
        Assert.NotNull(r.Fault);
        return r.Fault!;
    }

    [Fact]
    public void Missing_bar_sync_is_a_shared_memory_race()
    {
        var (mem, _, args, _, _) = MatmulTiledTests.Setup(16, 16, 16);
        var r = PtxInterpreter.Run(PtxFiles.Module("bad_race_no_barrier.ptx"), "matmul_tiled", new LaunchConfig(1, 1, 1, 16, 16, 1, 0), args, mem);
        var f = Fault(r);
        Assert.Equal(PtxFaultKind.SharedMemoryRace, f.Kind);
        Assert.Contains("since the last bar.sync", f.Message);
    }

    [Fact]
    public void Race_detection_can_be_turned_off_and_then_the_wrong_kernel_runs()
    {
        var (mem, _, args, _, _) = MatmulTiledTests.Setup(16, 16, 16);
        var r = PtxInterpreter.Run(PtxFiles.Module("bad_race_no_barrier.ptx"), "matmul_tiled", new LaunchConfig(1, 1, 1, 16, 16, 1, 0), args, mem,
            new PtxRunOptions(DetectRaces: false));
        Assert.Null(r.Fault);
    }

    [Fact]
    public void Early_return_before_bar_sync_is_barrier_divergence()
    {
        var mem = new GlobalMemory();
        ulong pin = Buffers.Floats(mem, new float[17]), pout = Buffers.Floats(mem, new float[1]);
        var r = PtxInterpreter.Run(PtxFiles.Module("bad_divergence_early_return.ptx"), "row_sum", new LaunchConfig(1, 1, 1, 64, 1, 1, 0),
            [new PtxArg.U64(pin), new PtxArg.U64(pout), new PtxArg.U32(17)], mem);
        var f = Fault(r);
        Assert.Equal(PtxFaultKind.BarrierDivergence, f.Kind);
        Assert.Equal((17, 0, 0), f.Thread); // the first thread that took the early return
        Assert.Equal(61, f.Line);           // bar.sync
    }

    [Fact]
    public void A_whole_warp_returning_before_bar_sync_is_barrier_divergence_too()
    {
        // 32 columns: warp 0 stays whole, warp 1 (threads 32..63) returns; warp 0 then waits at bar.sync alone
        var mem = new GlobalMemory();
        ulong pin = Buffers.Floats(mem, new float[32]), pout = Buffers.Floats(mem, new float[1]);
        var r = PtxInterpreter.Run(PtxFiles.Module("bad_divergence_early_return.ptx"), "row_sum", new LaunchConfig(1, 1, 1, 64, 1, 1, 0),
            [new PtxArg.U64(pin), new PtxArg.U64(pout), new PtxArg.U32(32)], mem);
        var f = Fault(r);
        Assert.Equal(PtxFaultKind.BarrierDivergence, f.Kind);
        Assert.Contains("thread 32 exited before reaching bar.sync", f.Message);
    }

    [Fact]
    public void Off_by_one_bound_is_out_of_bounds_at_the_first_thread_past_the_end()
    {
        var mem = new GlobalMemory();
        ulong pa = Buffers.Floats(mem, new float[40]), pb = Buffers.Floats(mem, new float[40]), pc = Buffers.Floats(mem, new float[40]);
        var r = PtxInterpreter.Run(PtxFiles.Module("bad_oob_off_by_one.ptx"), "vector_add", new LaunchConfig(1, 1, 1, 64, 1, 1, 0),
            [new PtxArg.U64(pa), new PtxArg.U64(pb), new PtxArg.U64(pc), new PtxArg.U32(40)], mem);
        var f = Fault(r);
        Assert.Equal(PtxFaultKind.OutOfBounds, f.Kind);
        Assert.Equal((40, 0, 0), f.Thread);
    }

    [Fact]
    public void Misaligned_ld_v4_is_a_misaligned_fault()
    {
        var mem = new GlobalMemory();
        ulong src = Buffers.Floats(mem, new float[256]), dst = Buffers.Floats(mem, new float[256]);
        var r = PtxInterpreter.Run(PtxFiles.Module("bad_misaligned_v4.ptx"), "copy4", new LaunchConfig(1, 1, 1, 32, 1, 1, 0),
            [new PtxArg.U64(src), new PtxArg.U64(dst)], mem);
        var f = Fault(r);
        Assert.Equal(PtxFaultKind.Misaligned, f.Kind);
        Assert.Equal((1, 0, 0), f.Thread);
        Assert.Contains("16-byte", f.Message);
    }
}
