using System.Text.RegularExpressions;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Tests.Shared;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>The warp row reductions (5 shfl.sync.bfly steps, lane 0 stores; docs/ptx.md "Kernel shapes") are proved by
/// the lowering rule — the butterfly's reassociated sum and its max tree have the IR's normal form — and a broken
/// butterfly is refuted: a step missing (lanes combine only half the row), a step with the wrong offset, every lane
/// storing a staged row (a shared-memory race). Lane 1 storing is NOT a bug of a butterfly (every lane ends with the
/// whole row's value), and the checker proves it.</summary>
public class WarpReductionLoweringTests
{
    private static Module Example(string example)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KernelC.sln"))) root = root.Parent;
        return CheckerSupport.Parse(File.ReadAllText(Path.Combine(root!.FullName, "proofs", example, "ir", "2-tile.kcir")));
    }

    private static (Module, PtxProgram) Emit(Module final)
    {
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(final.Kernels[0], PtxTarget.Default, diags);
        Assert.True(p is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        return (final, p!);
    }

    private static CheckReport Check(Module final, string ptx, PtxProgram program, string sizes)
    {
        var json = PtxProgramJson.Write(program with { PtxText = ptx });
        var cert = LoweringCertificate.For(final, program.KernelName, ptx, $"ptx/{program.KernelName}.program.json", sizes);
        return LoweringCheck.Check(final, ptx, json, cert, CheckerSupport.Options);
    }

    // the shuffle with offset 1 and the combine after it, in every reduction
    private static string DropLastStep(string ptx) =>
        Regex.Replace(ptx, @"\tshfl\.sync\.bfly\.b32 (%f\d+), %f\d+, 1, 31, 0xffffffff;\n\t\S+ %f\d+, %f\d+, \1;\n", "");

    [Theory]
    [InlineData("softmax", "R=33,C=33")]   // max and sum
    [InlineData("rmsnorm", "R=33,C=70")]   // a sum over 70 columns: lanes 0..5 fold 3 elements, the others 2
    public void A_butterfly_with_a_step_missing_is_refuted(string example, string sizes)
    {
        var (final, p) = Emit(Example(example));
        var bad = DropLastStep(p.PtxText);
        Assert.Equal(Regex.Matches(p.PtxText, "shfl").Count * 4 / 5, Regex.Matches(bad, "shfl").Count);
        Assert.True(Check(final, p.PtxText, p, sizes).Passed);
        var r = Check(final, bad, p, sizes);
        Assert.False(r.Passed);
        Assert.Null(r.Rejection);
        Assert.Contains(r.Obligations, o => o.Verdict is Verdict.Refuted);
    }

    [Fact]
    public void A_butterfly_step_with_the_wrong_offset_is_refuted()
    {
        var (final, p) = Emit(Example("layernorm"));
        var bad = p.PtxText.Replace(", 1, 31, 0xffffffff;", ", 2, 31, 0xffffffff;", StringComparison.Ordinal); // 16, 8, 4, 2, 2
        Assert.NotEqual(p.PtxText, bad);
        var r = Check(final, bad, p, "R=33,C=33");
        Assert.False(r.Passed);
        Assert.Contains(r.Obligations, o => o.Verdict is Verdict.Refuted);
    }

    [Fact]
    public void A_staged_row_max_is_proved_and_lane_1_storing_it_too_but_every_lane_storing_is_a_race()
    {
        var (final, p) = Emit(CheckerSupport.Parse(WarpRowKernels.RowCenter));
        var r = Check(final, p.PtxText, p, "R=33,C=33");
        Assert.True(r.Passed, CheckerSupport.Summary(r));

        var guard = Regex.Match(p.PtxText, @"setp\.eq\.s32 (%p\d+), (%r\d+), 0;\s+@\1 st\.shared\.f32");
        Assert.True(guard.Success, p.PtxText);
        // lane 1 stores: after the full butterfly every lane holds the row's max, so this is still correct
        var lane1 = p.PtxText.Replace($"setp.eq.s32 {guard.Groups[1].Value}, {guard.Groups[2].Value}, 0;", $"setp.eq.s32 {guard.Groups[1].Value}, {guard.Groups[2].Value}, 1;", StringComparison.Ordinal);
        Assert.True(Check(final, lane1, p, "R=33,C=33").Passed);
        // every lane stores (the guard removed): 32 threads write one shared element between two barriers
        var all = p.PtxText.Replace($"@{guard.Groups[1].Value} st.shared.f32", "st.shared.f32", StringComparison.Ordinal);
        var race = Check(final, all, p, "R=33,C=33");
        Assert.False(race.Passed);
        var o = Assert.Single(race.Obligations);
        Assert.Contains("lowering-memory", o.Record.Name);
        Assert.True(o.Verdict is Verdict.Refuted);
        Assert.Contains("SharedMemoryRace", o.Counterexample!.Note);
        // and with a step missing the staged max is refuted too
        var half = Check(final, DropLastStep(p.PtxText), p, "R=33,C=33");
        Assert.Contains(half.Obligations, x => x.Verdict is Verdict.Refuted);
    }
}
