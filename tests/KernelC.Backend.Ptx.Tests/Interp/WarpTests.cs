using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

/// <summary>Divergence and reconvergence, shuffles, and the remaining fault kinds, on small inline kernels.
/// Each kernel takes one .u64 output pointer (out[tid] = %r9 as .u32) and runs one block of 32 threads unless stated.</summary>
public class WarpTests
{
    private static string Kernel(string body, string shared = "") => $$"""
        .version 7.8
        .target sm_80
        .address_size 64
        .visible .entry k(.param .u64 out)
        {
            .reg .pred %p<4>;
            .reg .b32 %r<12>;
            .reg .b64 %rd<4>;
            {{shared}}
            ld.param.u64 %rd1, [out];
            mov.u32 %r1, %tid.x;
            mov.u32 %r9, 0;
        {{body}}
            mul.wide.u32 %rd2, %r1, 4;
            add.s64 %rd3, %rd1, %rd2;
            st.global.u32 [%rd3], %r9;
            ret;
        }
        """;

    private static (PtxRunResult Result, uint[] Out) Run(string text, int threads = 32, PtxRunOptions? options = null)
    {
        var mem = new GlobalMemory();
        var p = mem.Allocate(4L * threads);
        var r = PtxInterpreter.Run(PtxFiles.Parse(text), "k", new LaunchConfig(1, 1, 1, threads, 1, 1, 0), [new PtxArg.U64(p)], mem, options);
        var bytes = new byte[4 * threads];
        mem.Read(p, bytes);
        return (r, Enumerable.Range(0, threads).Select(i => BitConverter.ToUInt32(bytes, 4 * i)).ToArray());
    }

    [Fact]
    public void If_else_diverges_and_reconverges_before_a_full_warp_shuffle()
    {
        // odd lanes: r2 = 100 + tid; even lanes: r2 = 200 + tid; then (reconverged) every lane reads lane ^ 1
        var (r, o) = Run(Kernel("""
                and.b32 %r3, %r1, 1;
                setp.eq.u32 %p1, %r3, 1;
                @%p1 bra ODD;
                add.s32 %r2, %r1, 200;
                bra JOIN;
            ODD:
                add.s32 %r2, %r1, 100;
            JOIN:
                shfl.sync.bfly.b32 %r9, %r2, 1, 31, 0xffffffff;
            """));
        Buffers.AssertOk(r);
        for (int t = 0; t < 32; t++) Assert.Equal((uint)((t ^ 1) + ((t ^ 1) % 2 == 1 ? 100 : 200)), o[t]);
    }

    [Fact]
    public void A_divergent_loop_runs_each_lane_its_own_trip_count()
    {
        // r9 = sum_{i < tid} 1, lanes leave the loop at different iterations
        var (r, o) = Run(Kernel("""
            LOOP:
                setp.ge.u32 %p1, %r9, %r1;
                @%p1 bra DONE;
                add.s32 %r9, %r9, 1;
                bra LOOP;
            DONE:
                shfl.sync.idx.b32 %r9, %r9, 31, 31, 0xffffffff;
            """));
        Buffers.AssertOk(r);
        Assert.All(o, v => Assert.Equal(31u, v)); // every lane reads lane 31's count after reconverging
    }

    [Fact]
    public void Shuffle_inside_a_branch_with_a_full_membermask_is_invalid()
    {
        var (r, _) = Run(Kernel("""
                setp.lt.u32 %p1, %r1, 16;
                @%p1 bra SKIP;
                shfl.sync.bfly.b32 %r9, %r1, 1, 31, 0xffffffff;
            SKIP:
            """));
        Assert.Equal(PtxFaultKind.InvalidShuffle, r.Fault?.Kind);
        Assert.Contains("lane 0", r.Fault!.Message);
    }

    [Fact]
    public void Shuffle_reading_a_lane_outside_the_executing_half_is_an_inactive_lane_read()
    {
        // lanes 16..31 shuffle among themselves (membermask 0xffff0000) but read lane ^ 16, i.e. lanes 0..15
        var (r, _) = Run(Kernel("""
                setp.lt.u32 %p1, %r1, 16;
                @%p1 bra SKIP;
                shfl.sync.bfly.b32 %r9, %r1, 16, 31, 0xffff0000;
            SKIP:
            """));
        Assert.Equal(PtxFaultKind.InactiveLaneRead, r.Fault?.Kind);
        Assert.Equal((16, 0, 0), r.Fault!.Thread);
    }

    [Fact]
    public void The_same_half_warp_shuffle_within_its_segment_is_fine()
    {
        var (r, o) = Run(Kernel("""
                setp.lt.u32 %p1, %r1, 16;
                @%p1 bra SKIP;
                shfl.sync.bfly.b32 %r9, %r1, 1, 31, 0xffff0000;
            SKIP:
            """));
        Buffers.AssertOk(r);
        for (int t = 16; t < 32; t++) Assert.Equal((uint)(t ^ 1), o[t]);
        Assert.Equal(0u, o[0]);
    }

    [Fact]
    public void Trap_is_a_trap_fault() =>
        Assert.Equal(PtxFaultKind.Trap, Run(Kernel("    setp.eq.u32 %p1, %r1, 5;\n    @%p1 trap;")).Result.Fault?.Kind);

    [Fact]
    public void Integer_division_by_zero_is_a_trap_fault() =>
        Assert.Equal(PtxFaultKind.Trap, Run(Kernel("    div.u32 %r9, %r1, %r9;")).Result.Fault?.Kind);

    [Fact]
    public void An_endless_loop_stops_at_the_step_limit()
    {
        var (r, _) = Run(Kernel("SPIN:\n    bra SPIN;"), options: new PtxRunOptions(MaxWarpInstructions: 1000));
        Assert.Equal(PtxFaultKind.StepLimit, r.Fault?.Kind);
        Assert.Equal(1001, r.WarpInstructions);
    }

    [Fact]
    public void Reading_a_register_never_written_is_an_undefined_value_fault()
    {
        var (r, _) = Run(Kernel("    add.s32 %r9, %r5, 1;"));
        Assert.Equal(PtxFaultKind.UndefinedValue, r.Fault?.Kind);
        Assert.Contains("%r5", r.Fault!.Message);
    }

    [Fact]
    public void Shared_access_past_the_array_is_out_of_bounds()
    {
        var (r, _) = Run(Kernel("    mov.u32 %r2, buf;\n    shl.b32 %r3, %r1, 2;\n    add.s32 %r2, %r2, %r3;\n    st.shared.u32 [%r2], %r1;",
            ".shared .align 4 .u32 buf[31];"));
        Assert.Equal(PtxFaultKind.OutOfBounds, r.Fault?.Kind);
        Assert.Equal((31, 0, 0), r.Fault!.Thread);
    }

    [Fact]
    public void Two_threads_writing_one_shared_word_race_but_one_thread_rewriting_it_does_not()
    {
        var racy = Run(Kernel("    st.shared.u32 [buf], %r1;", ".shared .align 4 .u32 buf[1];"));
        Assert.Equal(PtxFaultKind.SharedMemoryRace, racy.Result.Fault?.Kind);
        Assert.Equal((1, 0, 0), racy.Result.Fault!.Thread);
        var fine = Run(Kernel("""
                setp.ne.u32 %p1, %r1, 3;
                @%p1 bra SKIP;
                st.shared.u32 [buf], %r1;
                st.shared.u32 [buf], %r1;
                ld.shared.u32 %r9, [buf];
            SKIP:
                bar.sync 0;
                ld.shared.u32 %r9, [buf];
            """, ".shared .align 4 .u32 buf[1];"));
        Buffers.AssertOk(fine.Result);
        Assert.All(fine.Out, v => Assert.Equal(3u, v));
    }

    [Fact]
    public void Two_warps_meeting_at_different_barriers_diverge()
    {
        var (r, _) = Run(Kernel("""
                setp.lt.u32 %p1, %r1, 32;
                @%p1 bra FIRST;
                bar.sync 1;
                bra END;
            FIRST:
                bar.sync 0;
            END:
            """), threads: 64);
        Assert.Equal(PtxFaultKind.BarrierDivergence, r.Fault?.Kind);
    }
}
