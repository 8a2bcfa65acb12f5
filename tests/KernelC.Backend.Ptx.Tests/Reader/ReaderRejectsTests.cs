using KernelC.Backend.Ptx.Reader;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Reader;

/// <summary>One deliberately wrong module per KC07xx id: the reader returns null and reports exactly that id at the
/// line:col of the offending token (marked by the first occurrence of a marker string in the text).</summary>
public class ReaderRejectsTests
{
    private const string Header = ".version 7.8\n.target sm_80\n.address_size 64\n";

    /// <summary>An entry with a few declared registers around <paramref name="body"/>.</summary>
    private static string Kernel(string body, string header = Header) => header + """
        .extern .shared .align 16 .b8 dyn[];
        .visible .entry k(.param .u64 p, .param .u32 n)
        {
            .reg .pred %p<2>;
            .reg .b32 %r<4>;
            .reg .u32 %u<2>;
            .reg .f32 %f<4>;
            .reg .b64 %rd<4>;
            .reg .b16 %h<2>;
            .shared .align 16 .f32 smem[64];
        """ + "\n" + body + "\n    ret;\n}\n";

    private static (int Line, int Col) Pos(string text, string marker)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"marker '{marker}' not in the text");
        return new SourceText("t", text).Position(at);
    }

    private static Diagnostic Reject(string text, string id, string marker)
    {
        var d = new DiagnosticBag();
        var m = PtxReader.Read(text, "bad.ptx", d);
        Assert.Null(m);
        var first = Assert.Single(d.Items.Where(x => x.Id == id).Take(1));
        Assert.True(d.Items.All(x => x.Id == id), string.Join("\n", d.Items.Select(x => x.Format())));
        var (line, col) = Pos(text, marker);
        Assert.Equal((line, col), (first.Line, first.Column));
        Assert.Equal("bad.ptx", first.File);
        Assert.StartsWith($"bad.ptx:{line}:{col}: error {id}: ", first.Format());
        return first;
    }

    [Fact] public void KC0701_unexpected_character() => Reject(Kernel("    add.s32 %r1, %r2, #3;"), "KC0701", "#3");
    [Fact] public void KC0701_malformed_hex_float() => Reject(Kernel("    mov.f32 %f1, 0f3F80;"), "KC0701", "0f3F80");
    [Fact] public void KC0701_unterminated_comment() => Reject(Kernel("    /* never closed"), "KC0701", "/* never");
    [Fact] public void KC0702_missing_semicolon() => Reject(Kernel("    add.s32 %r1, %r2, %r3\n    add.s32 %r1, %r2, %r3;"), "KC0702", "add.s32 %r1, %r2, %r3;");
    [Fact]
    public void KC0702_unclosed_entry_is_reported_at_the_end_of_the_file()
    {
        var d = new DiagnosticBag();
        Assert.Null(PtxReader.Read(Header + ".visible .entry k()\n{\n    ret;\n", "bad.ptx", d));
        var e = Assert.Single(d.Items);
        Assert.Equal(("KC0702", 7, 1), (e.Id, e.Line, e.Column));
        Assert.Contains("end of the file", e.Message);
    }

    [Fact]
    public void KC0703_version_not_first()
    {
        var d = Reject(".target sm_80\n.version 7.8\n.address_size 64\n", "KC0703", ".target");
        Assert.Contains("starts with .version", d.Message);
    }

    [Fact] public void KC0703_version_twice() => RejectAtLast(Header + ".version 7.8\n", "KC0703", ".version");

    /// <summary>As Reject, with the position at the LAST occurrence of the marker.</summary>
    private static void RejectAtLast(string text, string id, string marker)
    {
        var d = new DiagnosticBag();
        Assert.Null(PtxReader.Read(text, "bad.ptx", d));
        var first = Assert.Single(d.Items);
        Assert.Equal(id, first.Id);
        int at = text.LastIndexOf(marker, StringComparison.Ordinal);
        var (line, col) = new SourceText("t", text).Position(at);
        Assert.Equal((line, col), (first.Line, first.Column));
    }

    [Fact] public void KC0703_malformed_version() => Reject(".version 1.0\n.target sm_80\n.address_size 64\n", "KC0703", "1.0");
    [Fact] public void KC0704_unsupported_target() => Reject(".version 7.8\n.target sm_52\n.address_size 64\n", "KC0704", "sm_52");
    [Fact] public void KC0704_target_missing() => Reject(".version 7.8\n.address_size 64\n", "KC0704", ".address_size");
    [Fact] public void KC0705_address_size_32() => Reject(".version 7.8\n.target sm_80\n.address_size 32\n", "KC0705", "32");

    [Fact]
    public void KC0706_sm_90_needs_version_7_8()
    {
        var d = Reject(".version 7.0\n.target sm_90\n.address_size 64\n", "KC0706", "7.0");
        Assert.Contains("7.8", d.Message);
    }

    [Fact] public void KC0706_sm_80_needs_version_7_0() => Reject(".version 6.5\n.target sm_80\n.address_size 64\n", "KC0706", "6.5");

    [Fact]
    public void KC0707_bf16_conversion_needs_sm_80() =>
        Reject(Kernel("    cvt.rn.bf16.f32 %h1, %f1;", ".version 7.8\n.target sm_75\n.address_size 64\n"), "KC0707", "cvt.rn.bf16");

    [Fact]
    public void KC0707_mma_needs_sm_80() =>
        Reject(Kernel("    mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%f0, %f1, %f2, %f3}, {%r0, %r1, %r2, %r3}, {%r0, %r1}, {%f0, %f1, %f2, %f3};",
            ".version 7.8\n.target sm_75\n.address_size 64\n"), "KC0707", "mma");

    [Fact]
    public void KC0707_tanh_approx_needs_sm_75() =>
        Reject(Kernel("    tanh.approx.f32 %f1, %f2;", ".version 7.8\n.target sm_70\n.address_size 64\n"), "KC0707", "tanh");

    [Fact]
    public void KC0706_tanh_approx_needs_version_7_0()
    {
        // sm_75 itself needs only 6.3; the instruction needs PTX ISA 7.0: reported at the instruction, not the header
        var d = Reject(Kernel("    tanh.approx.f32 %f1, %f2;", ".version 6.5\n.target sm_75\n.address_size 64\n"), "KC0706", "tanh");
        Assert.Contains("tanh.approx.f32 needs .version 7.0", d.Message);
    }

    [Fact] public void KC0709_tanh_needs_approx() => Reject(Kernel("    tanh.f32 %f1, %f2;"), "KC0709", "tanh");
    [Fact] public void KC0709_tanh_on_f16_is_not_in_the_subset() => Reject(Kernel("    tanh.approx.f16 %h1, %h0;"), "KC0709", ".f16");
    [Fact] public void KC0709_lg2_needs_approx() => Reject(Kernel("    lg2.f32 %f1, %f2;"), "KC0709", "lg2");
    [Fact] public void KC0709_lg2_ftz_is_not_in_the_subset() => Reject(Kernel("    lg2.approx.ftz.f32 %f1, %f2;"), "KC0709", ".ftz");

    [Fact] public void KC0708_unknown_opcode() => Reject(Kernel("    frobnicate.u32 %r1, %r2;"), "KC0708", "frobnicate");
    [Fact] public void KC0708_atomics_are_not_in_the_subset() => Reject(Kernel("    atom.global.add.u32 %r1, [%rd1], 1;"), "KC0708", "atom");
    [Fact] public void KC0709_rounding_on_integers() => Reject(Kernel("    add.rn.s32 %r1, %r2, %r3;"), "KC0709", ".rn");
    [Fact] public void KC0709_rz_is_not_modelled() => Reject(Kernel("    add.rz.f32 %f1, %f2, %f3;"), "KC0709", ".rz");
    [Fact] public void KC0709_float_to_int_needs_integer_rounding() => Reject(Kernel("    cvt.rn.s32.f32 %r1, %f1;"), "KC0709", ".rn");
    [Fact] public void KC0709_round_to_integral_is_not_modelled() => Reject(Kernel("    cvt.rni.f32.f32 %f1, %f2;"), "KC0709", ".rni");
    [Fact] public void KC0709_there_is_no_mad_on_f16() => Reject(Kernel("    mad.rn.f16 %h1, %h0, %h0, %h0;"), "KC0709", ".f16");
    [Fact] public void KC0709_bf16_arithmetic_is_not_in_the_subset() => Reject(Kernel("    add.rn.bf16 %h1, %h0, %h0;"), "KC0709", ".bf16");
    [Fact] public void KC0709_ftz_on_f16_is_not_in_the_subset() => Reject(Kernel("    max.ftz.f16 %h1, %h0, %h0;"), "KC0709", ".ftz");
    [Fact] public void KC0709_widening_takes_no_rounding() => Reject(Kernel("    cvt.rn.f64.f32 %rd1, %f2;"), "KC0709", ".rn");
    [Fact] public void KC0709_integer_mul_needs_lo_hi_or_wide() => Reject(Kernel("    mul.s32 %r1, %r2, %r3;"), "KC0709", "mul");
    [Fact] public void KC0709_unknown_modifier() => Reject(Kernel("    add.s32.fast %r1, %r2, %r3;"), "KC0709", ".fast");
    [Fact] public void KC0710_too_few_operands() => Reject(Kernel("    add.s32 %r1, %r2;"), "KC0710", "add.s32");
    [Fact] public void KC0710_immediate_destination() => Reject(Kernel("    add.s32 7, %r2, %r3;"), "KC0710", "7, %r2");
    [Fact] public void KC0710_special_register_outside_mov() => Reject(Kernel("    add.u32 %r1, %tid.x, 1;"), "KC0710", "%tid.x");
    [Fact] public void KC0711_undeclared_register() => Reject(Kernel("    add.s32 %r1, %r9, %r3;"), "KC0711", "%r9");
    [Fact] public void KC0711_undeclared_guard() => Reject(Kernel("    @%q1 add.s32 %r1, %r2, %r3;"), "KC0711", "%q1");
    [Fact] public void KC0712_u32_register_in_a_float_op() => Reject(Kernel("    add.rn.f32 %f1, %u1, %f2;"), "KC0712", "%u1");
    [Fact] public void KC0712_float_register_as_address() => Reject(Kernel("    ld.global.f32 %f1, [%f2];"), "KC0712", "%f2]");
    [Fact] public void KC0713_register_declared_twice() => Reject(Kernel("    .reg .f32 %r1;"), "KC0713", "%r1;");
    [Fact] public void KC0713_kernel_declared_twice() => Reject(Kernel("") + ".visible .entry k()\n{\n    ret;\n}\n", "KC0713", "k()");
    [Fact] public void KC0714_label_defined_twice() => Reject(Kernel("L1:\n    add.s32 %r1, %r2, %r3;\nL1:"), "KC0714", "L1:\n    ret");
    [Fact] public void KC0715_branch_to_unknown_label() => Reject(Kernel("    bra NOWHERE;"), "KC0715", "NOWHERE");
    [Fact] public void KC0716_misaligned_vector_offset() => Reject(Kernel("    ld.shared.v4.f32 {%f0, %f1, %f2, %f3}, [smem+4];"), "KC0716", "[smem+4]");
    [Fact] public void KC0716_v4_on_a_4_byte_aligned_array() =>
        Reject(Kernel("    .shared .align 4 .f32 tiny[8];\n    ld.shared.v4.f32 {%f0, %f1, %f2, %f3}, [tiny];"), "KC0716", "tiny];");
    [Fact] public void KC0717_global_load_of_a_shared_variable() => Reject(Kernel("    ld.global.f32 %f1, [smem];"), "KC0717", "smem];");
    [Fact] public void KC0717_param_through_a_register() => Reject(Kernel("    ld.param.u64 %rd1, [%rd2];"), "KC0717", "[%rd2]");
    [Fact] public void KC0717_store_to_a_param() => Reject(Kernel("    st.param.u32 [n], %r1;"), "KC0717", "n],");
    [Fact] public void KC0718_unknown_variable() => Reject(Kernel("    ld.shared.f32 %f1, [nosuch];"), "KC0718", "nosuch");
    [Fact] public void KC0719_float_immediate_in_an_integer_op() => Reject(Kernel("    add.s32 %r1, %r2, 0f3F800000;"), "KC0719", "0f3F800000");
    [Fact] public void KC0719_immediate_too_wide() => Reject(Kernel("    mov.b16 %h1, 70000;"), "KC0719", "70000");
    [Fact] public void KC0719_inexact_decimal_f32() => Reject(Kernel("    mov.f32 %f1, 0.1;"), "KC0719", "0.1");
    [Fact] public void KC0720_alignment_not_a_power_of_two() => Reject(Kernel("    .shared .align 12 .f32 odd[4];"), "KC0720", "12");
    [Fact] public void KC0720_eight_bit_registers() => Reject(Kernel("    .reg .u8 %c1;"), "KC0720", ".reg .u8");
}
