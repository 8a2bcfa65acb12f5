using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using static KernelC.Checker.Tests.Lowering.LoweringFixtures;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>Rule lowering on hand-written PTX: honest PTX is proved at the stated sizes; an edited instruction or
/// constant (hashes recomputed), a store out of bounds, an output element never stored, a program file that lies
/// about the interface, and a certificate for other files are all rejected.</summary>
public class LoweringTests
{
    [Fact]
    public void Honest_matmul_is_proved_at_the_stated_sizes_with_the_stated_approximations()
    {
        var r = Check(MatmulIr, MatmulPtx, MatmulProgram(MatmulPtx));
        var o = CheckerSupport.Outcome(r, "matmul.c.lowering.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Proved, CheckerSupport.Summary(r));
        Assert.True(r.Passed);
        Assert.Equal("bounded: M=33, K=33, N=33", o.Record.Sizes);
        Assert.Equal("lowering", o.Record.Rule);
        Assert.Equal("ptx", o.Record.Pass);
        Assert.Contains("ex2.approx", o.Record.Semantics);
        Assert.Contains("(not a proof for other sizes)", o.Record.Claim);
        Assert.Contains("(assert (not", o.SmtLib2);
    }

    [Fact]
    public void Honest_elementwise_kernel_is_proved_and_hint_sizes_are_used()
    {
        var r = Check(AxpbIr, AxpbPtx, AxpbProgram(AxpbPtx), sizes: "N=40");
        var o = CheckerSupport.Outcome(r, "axpb.z.lowering.N40");
        Assert.True(o.Verdict is Verdict.Proved, CheckerSupport.Summary(r));
    }

    [Theory]
    [InlineData("add.rn.f32 %f5, %f3, %f4;", "sub.rn.f32 %f5, %f3, %f4;")]   // an instruction edited
    [InlineData("mov.f32 %f2, 0f40000000;", "mov.f32 %f2, 0f40400000;")]     // a constant edited: 2 -> 3
    [InlineData("add.rn.f32 %f5, %f3, %f4;", "add.rn.f32 %f5, %f3, %f3;")]   // an operand edited
    public void An_edited_PTX_with_matching_hashes_is_refuted_with_a_replayed_counterexample(string from, string to)
    {
        var bad = Edit(AxpbPtx, from, to);
        var r = Check(AxpbIr, bad, AxpbProgram(bad));
        Assert.Null(r.Rejection);
        Assert.False(r.Passed);
        var o = CheckerSupport.Outcome(r, "axpb.z.lowering.N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        var cex = o.Counterexample!;
        Assert.True(Math.Abs(cex.Before - cex.After) > 1e-3, cex.Describe());
        Assert.Contains("CPU PTX interpreter", cex.Describe());
    }

    [Fact]
    public void An_edited_matmul_accumulation_is_refuted()
    {
        var bad = Edit(MatmulPtx, "fma.rn.f32 %f1, %f2, %f3, %f1;", "fma.rn.f32 %f1, %f2, %f2, %f1;");
        var r = Check(MatmulIr, bad, MatmulProgram(bad));
        var o = CheckerSupport.Outcome(r, "matmul.c.lowering.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
    }

    [Fact]
    public void A_store_out_of_bounds_is_refuted_with_the_address()
    {
        // the column guard is gone: the partial last tile stores past the end of c
        var bad = Edit(MatmulPtx, "@%p1 bra $L_exit;", "");
        var r = Check(MatmulIr, bad, MatmulProgram(bad));
        var o = CheckerSupport.Outcome(r, "matmul.lowering-memory.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        var text = o.Counterexample!.Describe();
        Assert.Contains("OutOfBounds", text);
        Assert.Contains("0x", text);
    }

    [Fact]
    public void An_output_element_never_stored_is_refuted()
    {
        // a program file that launches too few blocks (ceil(33/32) = 2 instead of 3 per axis of 16)
        var r = Check(MatmulIr, MatmulPtx, MatmulProgram(MatmulPtx, divisor: 32));
        var o = CheckerSupport.Outcome(r, "matmul.lowering-memory.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        Assert.Contains("never stored", o.Counterexample!.Describe());
    }

    [Fact]
    public void A_program_file_that_swaps_the_interface_is_rejected_before_solving()
    {
        var lying = MatmulProgram(MatmulPtx).Replace("\"name\": \"a\", \"kind\": \"input\"", "\"name\": \"a\", \"kind\": \"scratch\"");
        var r = Check(MatmulIr, MatmulPtx, lying);
        Assert.NotNull(r.Rejection);
        Assert.Contains("buffer a", r.Rejection);
        Assert.Empty(r.Obligations);
    }

    [Fact]
    public void A_certificate_for_other_files_is_rejected()
    {
        var final = CheckerSupport.Parse(MatmulIr);
        var cert = LoweringCertificate.For(final, "matmul", MatmulPtx, "ptx/matmul.program.json");
        var edited = MatmulPtx.Replace("fma.rn.f32", "fma.rz.f32");
        var r = LoweringCheck.Check(final, edited, MatmulProgram(edited), cert, CheckerSupport.Options);
        Assert.NotNull(r.Rejection);
        Assert.Contains("certificate is for another step", r.Rejection);
        // a program file bound to another PTX text
        var r2 = LoweringCheck.Check(final, MatmulPtx, MatmulProgram(edited), cert, CheckerSupport.Options);
        Assert.Contains("ptx_sha256", r2.Rejection);
    }

    [Fact]
    public void A_branch_on_float_data_is_rejected_not_guessed()
    {
        // if (x[i] < 0) skip the store: control flow on float data, which the emitted-code rules forbid
        var bad = Edit(AxpbPtx, "mov.f32 %f2, 0f40000000;", "setp.lt.f32 %p1, %f1, 0f00000000;\n\t@%p1 bra $L_exit_1;\n\tmov.f32 %f2, 0f40000000;");
        var r = Check(AxpbIr, bad, AxpbProgram(bad));
        Assert.NotNull(r.Rejection);
        Assert.Contains("cannot be executed symbolically", r.Rejection);
    }

    [Fact]
    public void Two_threads_of_one_block_storing_one_element_is_a_race_even_when_the_last_store_is_right()
    {
        // every thread first stores x[i]·2 (y missing) into its pair partner z[i^1] (same block: blocks hold 32
        // threads), then the right value into z[i]. The executor runs the warp in lockstep, so the right stores come
        // last and every element ends right; on a GPU the two stores race (warps and blocks run in no defined
        // order), so the PTX must be refuted, not proved.
        var bad = AxpbPtx
            .Replace(".reg .pred %p<2>;", ".reg .pred %p<3>;").Replace(".reg .b32 %r<6>;", ".reg .b32 %r<7>;")
            .Replace(".reg .b64 %rd<13>;", ".reg .b64 %rd<15>;");
        bad = Edit(bad, "st.global.f32 [%rd12], %f5;", """
            xor.b32 %r6, %r5, 1;
            	setp.lt.s32 %p2, %r6, %r1;
            	mul.wide.s32 %rd13, %r6, 4;
            	add.s64 %rd14, %rd6, %rd13;
            	@%p2 st.global.f32 [%rd14], %f3;
            	st.global.f32 [%rd12], %f5;
            """);
        var r = Check(AxpbIr, bad, AxpbProgram(bad), sizes: "N=64");
        Assert.Null(r.Rejection);
        Assert.False(r.Passed);
        var o = CheckerSupport.Outcome(r, "axpb.lowering-memory.N64");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        Assert.Contains("stored by more than one thread", o.Counterexample!.Describe());
    }

    [Theory]
    [InlineData("\"grid\": [{\"dim\": \"N\", \"divisor\": 32}, {\"constant\": 1}, {\"constant\": 1}]",
        "\"grid\": [{\"dim\": \"N\", \"divisor\": 32}, {\"constant\": 2147483647}, {\"constant\": 2147483647}]", "threads in all")]
    [InlineData("{\"name\": \"z\", \"kind\": \"output\", \"dtype\": \"f32\", \"shape\": [\"N\"]}",
        "{\"name\": \"z\", \"kind\": \"output\", \"dtype\": \"f32\", \"shape\": [\"N\"]}, {\"name\": \"big\", \"kind\": \"scratch\", \"dtype\": \"f32\", \"shape\": [1099511627776]}",
        "buffer big has more than")]
    public void A_forged_program_file_too_large_to_execute_is_rejected_at_once(string from, string to, string expected)
    {
        // hashes match; without the limit the checker would run 2^62 blocks or allocate 2^40 slots
        var forged = Edit(AxpbProgram(AxpbPtx), from, to);
        var r = Check(AxpbIr, AxpbPtx, forged);
        Assert.NotNull(r.Rejection);
        Assert.Contains("too large to execute", r.Rejection);
        Assert.Contains(expected, r.Rejection);
    }
}
