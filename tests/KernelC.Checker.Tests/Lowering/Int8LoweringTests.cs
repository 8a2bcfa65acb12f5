using System.Diagnostics;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using Xunit.Abstractions;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>matmul_i8's PTX (three launches: the per-column scales, q = cvt.rni.s32.f32(b/s) clamped by max/min.s32 and
/// stored as s8, then c = Σ a·f32(q)·s) is proved equal to its final IR in the reals, the IR's cast to i8 and the
/// PTX's rounding meeting as one rounded-integer atom. Sabotaged versions are not proved: round toward zero, a clamp
/// to 126, a dropped scale multiply; reloading the int8 as u8 (global or through shared memory) is refused, and so is
/// the rounded integer used as an address or a branch condition.</summary>
public class Int8LoweringTests(ITestOutputHelper output)
{
    private const string Obligation = "matmul.c.lowering.M33_K33_N33";

    private static string Root()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "KernelC.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("KernelC.sln not found above the test folder");
    }

    /// <summary>matmul_i8's final IR (the committed bundle's, after quantize(i8, b, per_channel)) and its PTX.</summary>
    private static (Module Final, PtxProgram Program) Emit()
    {
        var final = CheckerSupport.Parse(File.ReadAllText(Path.Combine(Root(), "proofs", "matmul_i8", "ir", "2-quantize.kcir")));
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(final.Kernels[0], PtxTarget.Default, diags);
        Assert.True(p is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        foreach (var idiom in new[] { Rni, Clamp127, "st.global.s8 [%rd12], %r10;", LoadQ, ScaleMul })
            Assert.Contains(idiom, p!.PtxText);
        return (final, p!);
    }

    private const string Rni = "cvt.rni.s32.f32 %r10, %f3;";
    private const string Clamp127 = "min.s32 %r10, %r10, 127;";
    private const string LoadQ = "ld.global.s8 %r12, [%rd12];";
    private const string ScaleMul = "mul.rn.f32 %f5, %f3, %f4;";

    private CheckReport Check(Module final, string ptx, PtxProgram program)
    {
        var json = PtxProgramJson.Write(program with { PtxText = ptx });
        var cert = LoweringCertificate.For(final, program.KernelName, ptx, $"ptx/{program.KernelName}.program.json");
        var sw = Stopwatch.StartNew();
        var r = LoweringCheck.Check(final, ptx, json, cert, CheckerSupport.Options);
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F1} s (wall); {r.Rejection ?? CheckerSupport.Summary(r)}");
        return r;
    }

    [Fact]
    public void The_emitted_int8_kernel_is_proved_with_the_rounding_stated_in_the_record()
    {
        var (final, p) = Emit();
        var r = Check(final, p.PtxText, p);
        var o = CheckerSupport.Outcome(r, Obligation);
        Assert.True(o.Verdict is Verdict.Proved, CheckerSupport.Summary(r));
        Assert.True(r.Passed);
        Assert.Contains("round_<mode>_real uninterpreted", o.Record.Semantics, StringComparison.Ordinal);
        Assert.Contains("round_rn_real", o.SmtLib2, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Rni, "cvt.rzi.s32.f32 %r10, %f3;")]            // round toward zero instead of to nearest
    [InlineData(Clamp127, "min.s32 %r10, %r10, 126;")]           // saturate at 126
    [InlineData(ScaleMul, "mov.f32 %f5, %f3;")]                 // the dequantization's scale dropped
    public void A_sabotaged_int8_kernel_is_not_proved(string from, string to)
    {
        var (final, p) = Emit();
        var r = Check(final, LoweringFixtures.Edit(p.PtxText, from, to), p);
        Assert.False(r.Passed);
        Assert.Null(r.Rejection);
        var o = CheckerSupport.Outcome(r, Obligation);
        Assert.False(o.Verdict is Verdict.Proved, CheckerSupport.Summary(r));
        // the solver finds a model; the concrete replay (CPU PTX interpreter against the reference interpreter) confirms it
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        output.WriteLine(o.Counterexample!.Describe());
    }

    [Fact]
    public void The_int8_reloaded_from_global_memory_as_u8_is_refused()
    {
        var (final, p) = Emit();
        var r = Check(final, LoweringFixtures.Edit(p.PtxText, LoadQ, "ld.global.u8 %r12, [%rd12];"), p);
        Assert.False(r.Passed);
        Assert.Contains("symbolic integer stored as .s8; only a reload of the same type is modelled", r.Rejection);
    }

    /// <summary>matmul_b_i8 passes q through shared memory (st.shared.s8, then a reload of <paramref name="reload"/>)
    /// before its global store: the same type is proved, u8 (another number for q &lt; 0) is refused.</summary>
    [Theory]
    [InlineData("s8", true)]
    [InlineData("u8", false)]
    public void The_int8_through_shared_memory_is_proved_only_when_reloaded_at_its_type(string reload, bool proved)
    {
        var (final, p) = Emit();
        var ptx = LoweringFixtures.Edit(p.PtxText, ".reg .b32 %r<12>;", ".reg .b32 %r<21>;\n\t.shared .align 4 .b8 q_sh[256];");
        ptx = LoweringFixtures.Edit(ptx, "st.global.s8 [%rd12], %r10;",
            $"mov.u32 %r20, q_sh;\n\tadd.s32 %r20, %r20, %r6;\n\tst.shared.s8 [%r20], %r10;\n\tld.shared.{reload} %r10, [%r20];\n\tst.global.s8 [%rd12], %r10;");
        var r = Check(final, ptx, p);
        Assert.Equal(proved, r.Passed);
        if (proved) Assert.True(CheckerSupport.Outcome(r, Obligation).Verdict is Verdict.Proved);
        else Assert.Contains("ld.shared.u8 at", r.Rejection);
        if (!proved) Assert.Contains("reads a symbolic integer stored as .s8", r.Rejection);
    }

    [Theory]
    [InlineData("mad.lo.s32 %r11, %r8, %r3, %r7;\n\tmul.wide.s32 %rd11, %r11, 1;", "mul.wide.s32 %rd11, %r10, 1;")] // q as the address offset
    [InlineData("st.global.s8 [%rd12], %r10;", "setp.lt.s32 %p1, %r10, 0;\n\t@%p1 bra $L_exit_1;\n\tst.global.s8 [%rd12], %r10;")] // q in a branch
    [InlineData(Clamp127, "min.s32 %r10, %r10, 127;\n\tadd.s32 %r10, %r10, 1;")]                        // integer arithmetic on q
    public void The_rounded_integer_never_reaches_an_address_a_branch_or_integer_arithmetic(string from, string to)
    {
        var (final, p) = Emit();
        var r = Check(final, LoweringFixtures.Edit(p.PtxText, from, to), p);
        Assert.False(r.Passed);
        Assert.Contains("cannot be executed symbolically", r.Rejection);
        Assert.Contains("a float rounded to an integer", r.Rejection);
    }
}
