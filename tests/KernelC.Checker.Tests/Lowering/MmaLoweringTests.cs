using System.Diagnostics;
using System.Text.RegularExpressions;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Program;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Ptx;
using KernelC.Verifier.Solvers;
using Xunit.Abstractions;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>The tensor-core (mma.sync m16n8k16) kernel the emitter makes for an f16/bf16 matmul is proved by the
/// lowering rule in the reals (packed .b32 registers of two symbolic halves, the mma's fma chain reassociated by the
/// normal form), and sabotaged versions of it are not: fragment registers swapped (a wrong value, refuted with a
/// counterexample), a load guard dropped (a global access past the buffer, refuted with the address).</summary>
public class MmaLoweringTests(ITestOutputHelper output)
{
    private static string Root()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "KernelC.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("KernelC.sln not found above the test folder");
    }

    /// <summary>matmul_bf16's final IR (after quantize); with f16 = true the same kernel in f16.</summary>
    private static (Module Final, PtxProgram Program) Emit(bool f16 = false)
    {
        var text = File.ReadAllText(Path.Combine(Root(), "proofs", "matmul_bf16", "ir", "2-quantize.kcir"));
        if (f16) text = text.Replace("bf16", "f16", StringComparison.Ordinal);
        var final = CheckerSupport.Parse(text);
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(final.Kernels[0], PtxTarget.Default, diags);
        Assert.True(p is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        Assert.Contains($"mma.sync.aligned.m16n8k16.row.col.f32.{(f16 ? "f16.f16" : "bf16.bf16")}.f32", p!.PtxText);
        return (final, p);
    }

    private CheckReport Check(Module final, string ptx, PtxProgram program, string? sizes = null)
    {
        var json = PtxProgramJson.Write(program with { PtxText = ptx });
        var cert = LoweringCertificate.For(final, program.KernelName, ptx, $"ptx/{program.KernelName}.program.json", sizes);
        var sw = Stopwatch.StartNew();
        var r = LoweringCheck.Check(final, ptx, json, cert, CheckerSupport.Options);
        output.WriteLine($"{sizes ?? "default sizes"}: {sw.Elapsed.TotalSeconds:F1} s (wall, machine under load)");
        foreach (var o in r.Obligations) output.WriteLine($"{o.Record.Name}: {o.Verdict}");
        return r;
    }

    [Theory]
    [InlineData(false, null, "matmul.c.lowering.M33_K33_N33")]     // partial 16-row, 32-column and 16-deep tiles
    [InlineData(true, null, "matmul.c.lowering.M33_K33_N33")]
    [InlineData(false, "M=16,K=16,N=8", "matmul.c.lowering.M16_K16_N8")] // one warp's tile exactly, one k step
    [InlineData(false, "M=1,K=1,N=1", "matmul.c.lowering.M1_K1_N1")]     // everything but one element is padding
    [InlineData(false, "M=33,K=17,N=65", "matmul.c.lowering.M33_K17_N65")] // 2×2 blocks, partial in both directions
    public void The_mma_kernel_is_proved_equal_to_the_IR_in_the_reals(bool f16, string? sizes, string obligation)
    {
        var (final, p) = Emit(f16);
        var r = Check(final, p.PtxText, p, sizes);
        Assert.True(CheckerSupport.Outcome(r, obligation).Verdict is Verdict.Proved, CheckerSupport.Summary(r));
        Assert.True(r.Passed);
    }

    [Fact]
    public void Swapped_A_fragment_registers_are_refuted_with_a_counterexample()
    {
        var (final, p) = Emit();
        // a1 (rows g+8, k 2t..2t+1) and a2 (rows g, k 2t+8..2t+9) exchanged in the mma's A operand
        var bad = Regex.Replace(p.PtxText, @"(mma\.sync[^{]*\{[^}]*\}, )\{(%r\d+), (%r\d+), (%r\d+), (%r\d+)\}", "$1{$2, $4, $3, $5}");
        Assert.NotEqual(p.PtxText, bad);
        var r = Check(final, bad, p);
        Assert.False(r.Passed);
        Assert.Null(r.Rejection);
        var o = CheckerSupport.Outcome(r, "matmul.c.lowering.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        Assert.NotNull(o.Counterexample);
        output.WriteLine(o.Counterexample!.Describe());
    }

    [Fact]
    public void Swapped_halves_of_a_B_fragment_register_are_refuted()
    {
        var (final, p) = Emit();
        // b0 = {B[2t][g], B[2t+1][g]} becomes {B[2t+1][g], B[2t][g]}: the pack of the first two B loads reversed
        var m = Regex.Matches(p.PtxText, @"mov\.b32 (%r\d+), \{(%h\d+), (%h\d+)\};")[4];
        var bad = p.PtxText.Replace(m.Value, $"mov.b32 {m.Groups[1].Value}, {{{m.Groups[3].Value}, {m.Groups[2].Value}}};", StringComparison.Ordinal);
        var r = Check(final, bad, p);
        var o = CheckerSupport.Outcome(r, "matmul.c.lowering.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        Assert.NotNull(o.Counterexample);
    }

    [Fact]
    public void A_dropped_load_guard_is_refuted_with_the_faulting_address()
    {
        var (final, p) = Emit();
        // the guard of A[r][k0+2t+9]: at K = 33 the last k step reads past a row, and on the last row past the buffer
        var m = Regex.Match(p.PtxText, @"@%p\d+ (ld\.global\.b16 %h\d+, \[%rd\d+\+18\];)");
        Assert.True(m.Success, p.PtxText);
        var bad = p.PtxText.Replace(m.Value, m.Groups[1].Value, StringComparison.Ordinal);
        var r = Check(final, bad, p);
        Assert.False(r.Passed);
        var o = CheckerSupport.Outcome(r, "matmul.lowering-memory.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
        var text = o.Counterexample!.Describe();
        Assert.Contains("OutOfBounds", text);
        Assert.Contains("a_bf16", text);
    }

    [Fact]
    public void A_dropped_store_guard_is_refuted()
    {
        var (final, p) = Emit();
        var m = Regex.Match(p.PtxText, @"@%p\d+ (st\.global\.f32 \[%rd\d+\+4\], %f4;)");
        Assert.True(m.Success, p.PtxText);
        var r = Check(final, p.PtxText.Replace(m.Value, m.Groups[1].Value, StringComparison.Ordinal), p);
        var o = CheckerSupport.Outcome(r, "matmul.lowering-memory.M33_K33_N33");
        Assert.True(o.Verdict is Verdict.Refuted, CheckerSupport.Summary(r));
    }

    /// <summary>The semantics table over the lowering domain: a pack of symbolic halves keeps them (no invented
    /// bits), unpacks to them, and refuses to give its bits; a pack of known bits is plain bits as before.</summary>
    [Fact]
    public void Packed_symbolic_halves_round_trip_and_have_no_bits()
    {
        var real = new RealFormDomain(new RealForms());
        var sem = new PtxSemantics<SymVal>(new LoweringPtxDomain(real));
        var x = PtxValue<SymVal>.OfFloat(real.Real(real.Forms.Var(LoweringExecution.InputConst("x", 0))), DType.BF16);
        var zero = PtxValue<SymVal>.OfBits(0);
        var pack = Mov(pack: true);
        var packed = sem.Pack(pack, x, zero);
        Assert.Equal(PtxValueKind.Packed, packed.Kind);
        var (lo, hi) = sem.Unpack(Mov(pack: false), packed);
        Assert.Equal(x, lo);
        Assert.Equal(zero, hi);
        var e = Assert.Throws<PtxSemanticsException>(() => sem.AsBits(packed, 32));
        Assert.Equal(Backend.Ptx.Interp.PtxFaultKind.Unsupported, e.Kind);
        var one = PtxValue<SymVal>.OfBits(0x3F80);
        Assert.Equal(PtxValue<SymVal>.OfBits(0x3F80_0000), sem.Pack(pack, zero, one));
    }

    /// <summary>mov.b32 %r0, {%h0, %h1} (pack) or mov.b32 {%h0, %h1}, %r0 (unpack), decoded by the one decoder.</summary>
    private static PtxForm Mov(bool pack)
    {
        PtxOperand r = new PtxOperand.Register("%r0");
        PtxOperand v = new PtxOperand.Vector(new EqArray<PtxOperand>([new PtxOperand.Register("%h0"), new PtxOperand.Register("%h1")]));
        var ops = pack ? new[] { r, v } : [v, r];
        var f = PtxDecoder.Decode(new PtxInstruction(null, "mov", new EqArray<string>(["b32"]), new EqArray<PtxOperand>(ops), 1, 1), out var e);
        Assert.True(f is not null, e?.Message);
        return f!;
    }
}
