using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Ptx;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>Hand-written PTX (in the emitter's style: one thread per output element, .rn everywhere) for small IR
/// kernels, the program file that runs it, and the check of the lowering certificate. Tampering helpers rewrite the
/// PTX text and recompute every hash (certificate and program file), as an attacker who edits a bundle would.</summary>
internal static class LoweringFixtures
{
    public const string MatmulIr = Programs.Matmul;

    /// <summary>c[m, n] = Σ_k a[m, k]·b[k, n]: a 16×16 block per 16×16 tile of c, fma.rn accumulation in k order.</summary>
    public const string MatmulPtx = """
        .version 7.8
        .target sm_80
        .address_size 64

        .visible .entry matmul_c(
        	.param .u64 b_a,
        	.param .u64 b_b,
        	.param .u64 b_c,
        	.param .u32 d_M,
        	.param .u32 d_K,
        	.param .u32 d_N
        )
        {
        	.reg .pred %p<4>;
        	.reg .b32 %r<16>;
        	.reg .f32 %f<4>;
        	.reg .b64 %rd<13>;

        	ld.param.u64 %rd1, [b_a];
        	cvta.to.global.u64 %rd2, %rd1;
        	ld.param.u64 %rd3, [b_b];
        	cvta.to.global.u64 %rd4, %rd3;
        	ld.param.u64 %rd5, [b_c];
        	cvta.to.global.u64 %rd6, %rd5;
        	ld.param.u32 %r1, [d_M];
        	ld.param.u32 %r2, [d_K];
        	ld.param.u32 %r3, [d_N];
        	mov.u32 %r4, %ctaid.x;
        	mov.u32 %r5, %ntid.x;
        	mov.u32 %r6, %tid.x;
        	mad.lo.s32 %r7, %r4, %r5, %r6;
        	mov.u32 %r8, %ctaid.y;
        	mov.u32 %r9, %ntid.y;
        	mov.u32 %r10, %tid.y;
        	mad.lo.s32 %r11, %r8, %r9, %r10;
        	setp.ge.s32 %p1, %r7, %r3;
        	@%p1 bra $L_exit;
        	setp.ge.s32 %p2, %r11, %r1;
        	@%p2 bra $L_exit;
        	mov.f32 %f1, 0f00000000;
        	mov.b32 %r12, 0;
        $L_loop:
        	setp.ge.s32 %p3, %r12, %r2;
        	@%p3 bra $L_done;
        	mad.lo.s32 %r13, %r11, %r2, %r12;
        	mul.wide.s32 %rd7, %r13, 4;
        	add.s64 %rd8, %rd2, %rd7;
        	ld.global.f32 %f2, [%rd8];
        	mad.lo.s32 %r14, %r12, %r3, %r7;
        	mul.wide.s32 %rd9, %r14, 4;
        	add.s64 %rd10, %rd4, %rd9;
        	ld.global.f32 %f3, [%rd10];
        	fma.rn.f32 %f1, %f2, %f3, %f1;
        	add.s32 %r12, %r12, 1;
        	bra $L_loop;
        $L_done:
        	mad.lo.s32 %r15, %r11, %r3, %r7;
        	mul.wide.s32 %rd11, %r15, 4;
        	add.s64 %rd12, %rd6, %rd11;
        	st.global.f32 [%rd12], %f1;
        $L_exit:
        	ret;
        }
        """;

    public const string AxpbIr = """
        kernel @axpb(%x: f32[N], %y: f32[N]) -> (z: f32[N])
            dims N {
          %z: f32[N] = compute [%i < N] {
            %0: f32 = load %x[%i]
            %1: f32 = const 2.0
            %2: f32 = mul %0, %1
            %3: f32 = load %y[%i]
            %4: f32 = add %2, %3
            yield %4
          }
          return %z
        }
        """;

    /// <summary>z[i] = x[i]·2 + y[i], one thread per element, 32 threads per block.</summary>
    public const string AxpbPtx = """
        .version 7.8
        .target sm_80
        .address_size 64

        .visible .entry axpb_z(
        	.param .u64 b_x,
        	.param .u64 b_y,
        	.param .u64 b_z,
        	.param .u32 d_N
        )
        {
        	.reg .pred %p<2>;
        	.reg .b32 %r<6>;
        	.reg .f32 %f<6>;
        	.reg .b64 %rd<13>;

        	ld.param.u64 %rd1, [b_x];
        	cvta.to.global.u64 %rd2, %rd1;
        	ld.param.u64 %rd3, [b_y];
        	cvta.to.global.u64 %rd4, %rd3;
        	ld.param.u64 %rd5, [b_z];
        	cvta.to.global.u64 %rd6, %rd5;
        	ld.param.u32 %r1, [d_N];
        	mov.u32 %r2, %ctaid.x;
        	mov.u32 %r3, %ntid.x;
        	mov.u32 %r4, %tid.x;
        	mad.lo.s32 %r5, %r2, %r3, %r4;
        	setp.ge.s32 %p1, %r5, %r1;
        	@%p1 bra $L_exit_1;
        	mul.wide.s32 %rd7, %r5, 4;
        	add.s64 %rd8, %rd2, %rd7;
        	ld.global.f32 %f1, [%rd8];
        	mov.f32 %f2, 0f40000000;
        	mul.rn.f32 %f3, %f1, %f2;
        	mul.wide.s32 %rd9, %r5, 4;
        	add.s64 %rd10, %rd4, %rd9;
        	ld.global.f32 %f4, [%rd10];
        	add.rn.f32 %f5, %f3, %f4;
        	mul.wide.s32 %rd11, %r5, 4;
        	add.s64 %rd12, %rd6, %rd11;
        	st.global.f32 [%rd12], %f5;
        $L_exit_1:
        	ret;
        }
        """;

    public static string MatmulProgram(string ptx, int divisor = 16) => Program("matmul", ptx,
        """
        {"name": "a", "kind": "input", "dtype": "f32", "shape": ["M", "K"]},
            {"name": "b", "kind": "input", "dtype": "f32", "shape": ["K", "N"]},
            {"name": "c", "kind": "output", "dtype": "f32", "shape": ["M", "N"]}
        """,
        "matmul_c", """[{"name": "a", "kind": "buffer"}, {"name": "b", "kind": "buffer"}, {"name": "c", "kind": "buffer"}, {"name": "M", "kind": "dim"}, {"name": "K", "kind": "dim"}, {"name": "N", "kind": "dim"}]""",
        $$"""[{"dim": "N", "divisor": {{divisor}}}, {"dim": "M", "divisor": {{divisor}}}, {"constant": 1}]""", "[16, 16, 1]");

    public static string AxpbProgram(string ptx) => Program("axpb", ptx,
        """
        {"name": "x", "kind": "input", "dtype": "f32", "shape": ["N"]},
            {"name": "y", "kind": "input", "dtype": "f32", "shape": ["N"]},
            {"name": "z", "kind": "output", "dtype": "f32", "shape": ["N"]}
        """,
        "axpb_z", """[{"name": "x", "kind": "buffer"}, {"name": "y", "kind": "buffer"}, {"name": "z", "kind": "buffer"}, {"name": "N", "kind": "dim"}]""",
        """[{"dim": "N", "divisor": 32}, {"constant": 1}, {"constant": 1}]""", "[32, 1, 1]");

    private static string Program(string kernel, string ptx, string buffers, string entry, string ps, string grid, string block) => $$$"""
        {"format": "kernelc-ptx-program/1", "kernel": "{{{kernel}}}", "ptx_sha256": "{{{LoweringProgram.Sha256(ptx)}}}",
         "buffers": [{{{buffers}}}],
         "launches": [{"entry": "{{{entry}}}", "params": {{{ps}}}, "grid": {{{grid}}}, "block": {{{block}}}, "dynamic_shared_bytes": 0,
                      "report": {"registers": 0, "shared_bytes": 0, "threads_per_block": 1, "flops": "0", "global_bytes": "0"}}]}
        """;

    /// <summary>Checks the lowering of <paramref name="ptx"/> with a certificate whose hashes match the given texts.</summary>
    public static CheckReport Check(string ir, string ptx, string program, string? sizes = null)
    {
        var final = CheckerSupport.Parse(ir);
        var kernel = final.Kernels[0].Name;
        var cert = LoweringCertificate.For(final, kernel, ptx, $"ptx/{kernel}.program.json", sizes);
        return LoweringCheck.Check(final, ptx, program, cert, CheckerSupport.Options);
    }

    /// <summary>Replaces exactly one occurrence of <paramref name="from"/>.</summary>
    public static string Edit(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"'{from}' must occur exactly once");
        return text[..at] + to + text[(at + from.Length)..];
    }
}
