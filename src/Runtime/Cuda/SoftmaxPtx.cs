using System.Globalization;
using System.Text;

namespace KernelC.Runtime.Cuda;

/// <summary>The row softmax of the unfused attention baseline, hand-written PTX (not emitted by KernelC: the
/// baseline must not share the compiler under test). One block of <c>threads</c> (a power of two, 32..1024) per row
/// of an [rows, n] matrix, in place: p[r, j] = exp(s[r, j] − m_r) / Σ_j' exp(s[r, j'] − m_r) over the columns j &lt; limit,
/// 0 for j ≥ limit, where limit = n, or min(n, r mod n + 1) when causal (row r is query r mod n of its head).
/// Three strided passes (max, sum, write) with shared-memory tree reductions between bar.sync; exp(x) as
/// ex2.approx(x·log2 e), f32 arithmetic; f16 data is widened on load and rounded to nearest on store.
/// Every thread reaches every bar.sync (the reduction's guard skips only the update).</summary>
public static class SoftmaxPtx
{
    public const string Entry = "softmax_rows";

    public static string Text(bool f16, int threads)
    {
        if (threads < 32 || threads > 1024 || (threads & (threads - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "a power of two in 32..1024");
        int es = f16 ? 2 : 4;
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        string Load(string f, string addr) => f16
            ? $"    ld.global.b16 %h1, [{addr}];\n    cvt.f32.f16 {f}, %h1;\n"
            : $"    ld.global.f32 {f}, [{addr}];\n";
        string Store(string addr, string f) => f16
            ? $"    cvt.rn.f16.f32 %h2, {f};\n    st.global.b16 [{addr}], %h2;\n"
            : $"    st.global.f32 [{addr}], {f};\n";
        // Tree reduction of red[0..threads) into red[0] with OP; leaves the result in FDEST for every thread.
        string Reduce(string label, string op, string fdest) =>
            $"    bar.sync 0;\n    mov.u32 %r12, {I(threads / 2)};\n{label}:\n"
            + "    setp.lt.u32 %p3, %r4, %r12;\n"
            + $"    @!%p3 bra {label}_SKIP;\n"
            + "    shl.b32 %r13, %r12, 2;\n    add.u32 %r14, %r10, %r13;\n"
            + "    ld.shared.f32 %f3, [%r14];\n    ld.shared.f32 %f4, [%r10];\n"
            + $"    {op} %f4, %f4, %f3;\n    st.shared.f32 [%r10], %f4;\n"
            + $"{label}_SKIP:\n    bar.sync 0;\n    shr.u32 %r12, %r12, 1;\n    setp.ne.u32 %p4, %r12, 0;\n    @%p4 bra {label};\n"
            + $"    ld.shared.f32 {fdest}, [%r8];\n    bar.sync 0;\n";
        string Element(string fdest) =>   // fdest = exp(s[j] - m) for column %r11
            $"    mul.wide.u32 %rd6, %r11, {I(es)};\n    add.u64 %rd7, %rd4, %rd6;\n" + Load("%f2", "%rd7")
            + $"    sub.rn.f32 %f7, %f2, %f5;\n    mul.rn.f32 %f7, %f7, 0f3FB8AA3B;\n    ex2.approx.f32 {fdest}, %f7;\n";

        var b = new StringBuilder();
        b.Append(".version 7.8\n.target sm_80\n.address_size 64\n\n");
        b.Append($".visible .entry {Entry}(\n    .param .u64 s_ptr,\n    .param .u64 p_ptr,\n    .param .u32 n,\n    .param .u32 causal\n)\n{{\n");
        b.Append("    .reg .pred %p<8>;\n    .reg .b32 %r<16>;\n    .reg .f32 %f<12>;\n    .reg .b64 %rd<10>;\n    .reg .b16 %h<4>;\n");
        b.Append($"    .shared .align 4 .f32 red[{I(threads)}];\n\n");
        b.Append("    ld.param.u64 %rd1, [s_ptr];\n    ld.param.u64 %rd2, [p_ptr];\n    ld.param.u32 %r1, [n];\n    ld.param.u32 %r2, [causal];\n");
        b.Append("    mov.u32 %r3, %ctaid.x;\n    mov.u32 %r4, %tid.x;\n");
        // limit = causal ? min(n, r mod n + 1) : n
        b.Append("    rem.u32 %r5, %r3, %r1;\n    add.u32 %r5, %r5, 1;\n    min.u32 %r6, %r5, %r1;\n    setp.ne.u32 %p1, %r2, 0;\n    selp.b32 %r7, %r6, %r1, %p1;\n");
        b.Append($"    mul.wide.u32 %rd3, %r3, %r1;\n    mul.lo.u64 %rd3, %rd3, {I(es)};\n    add.u64 %rd4, %rd1, %rd3;\n    add.u64 %rd5, %rd2, %rd3;\n");
        b.Append("    mov.u32 %r8, red;\n    shl.b32 %r9, %r4, 2;\n    add.u32 %r10, %r8, %r9;\n\n");
        // pass 1: max
        b.Append("    mov.f32 %f1, 0fFF800000;\n    mov.u32 %r11, %r4;\nMAX_LOOP:\n    setp.ge.u32 %p2, %r11, %r7;\n    @%p2 bra MAX_DONE;\n");
        b.Append($"    mul.wide.u32 %rd6, %r11, {I(es)};\n    add.u64 %rd7, %rd4, %rd6;\n").Append(Load("%f2", "%rd7"));
        b.Append($"    max.f32 %f1, %f1, %f2;\n    add.u32 %r11, %r11, {I(threads)};\n    bra MAX_LOOP;\nMAX_DONE:\n    st.shared.f32 [%r10], %f1;\n");
        b.Append(Reduce("MAX_RED", "max.f32", "%f5")).Append('\n');
        // pass 2: sum of exp(s - m)
        b.Append("    mov.f32 %f6, 0f00000000;\n    mov.u32 %r11, %r4;\nSUM_LOOP:\n    setp.ge.u32 %p2, %r11, %r7;\n    @%p2 bra SUM_DONE;\n");
        b.Append(Element("%f7")).Append($"    add.rn.f32 %f6, %f6, %f7;\n    add.u32 %r11, %r11, {I(threads)};\n    bra SUM_LOOP;\nSUM_DONE:\n    st.shared.f32 [%r10], %f6;\n");
        b.Append(Reduce("SUM_RED", "add.rn.f32", "%f8"));
        b.Append("    rcp.rn.f32 %f9, %f8;\n\n");
        // pass 3: write
        b.Append("    mov.u32 %r11, %r4;\nOUT_LOOP:\n    setp.ge.u32 %p2, %r11, %r1;\n    @%p2 bra OUT_DONE;\n    mov.f32 %f10, 0f00000000;\n");
        b.Append("    setp.ge.u32 %p5, %r11, %r7;\n    @%p5 bra OUT_STORE;\n").Append(Element("%f7"));
        b.Append("    mul.rn.f32 %f10, %f7, %f9;\nOUT_STORE:\n");
        b.Append($"    mul.wide.u32 %rd6, %r11, {I(es)};\n    add.u64 %rd8, %rd5, %rd6;\n").Append(Store("%rd8", "%f10"));
        b.Append($"    add.u32 %r11, %r11, {I(threads)};\n    bra OUT_LOOP;\nOUT_DONE:\n    ret;\n}}\n");
        return b.ToString();
    }
}
