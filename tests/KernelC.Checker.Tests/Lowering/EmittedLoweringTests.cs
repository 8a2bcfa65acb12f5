using System.Diagnostics;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using Xunit.Abstractions;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>The backend's own PTX for the examples' final IR (proofs/NAME/ir after fuse) is proved by the lowering
/// rule at the default sizes; an emitter bug (the PTX text sabotaged after emission, hashes recomputed) is refuted.</summary>
public class EmittedLoweringTests(ITestOutputHelper output)
{
    private static string Root()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "KernelC.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("KernelC.sln not found above the test folder");
    }

    private static (Module Final, PtxProgram Program) Emit(string example)
    {
        var text = File.ReadAllText(Path.Combine(Root(), "proofs", example, "ir", "1-fuse.kcir"));
        var final = CheckerSupport.Parse(text);
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(final.Kernels[0], PtxTarget.Default, diags);
        Assert.True(p is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        return (final, p!);
    }

    private CheckReport Check(Module final, string ptx, PtxProgram program, string? sizes = null)
    {
        var json = PtxProgramJson.Write(program with { PtxText = ptx });
        var cert = LoweringCertificate.For(final, program.KernelName, ptx, $"ptx/{program.KernelName}.program.json", sizes);
        var sw = Stopwatch.StartNew();
        var r = LoweringCheck.Check(final, ptx, json, cert, CheckerSupport.Options);
        output.WriteLine($"{program.KernelName}: {sw.Elapsed.TotalSeconds:F1} s (wall, machine under load)");
        foreach (var o in r.Obligations) output.WriteLine($"{o.Record.Name}: {o.Record.Verdict} ({o.SmtLib2.Length} bytes of SMT-LIB)");
        return r;
    }

    [Theory]
    [InlineData("matmul", "matmul.c.lowering.M33_K33_N33")]
    [InlineData("softmax", "softmax.y.lowering.R33_C33")]
    [InlineData("layernorm", "layernorm.y.lowering.R33_C33")]
    [InlineData("rmsnorm", "rmsnorm.y.lowering.R33_C33")]
    [InlineData("attention", "attention.o.lowering.N64_D64")]
    [InlineData("gelu_mlp", "gelu_mlp.y.lowering.R33_C33_H33")]
    public void The_emitted_PTX_of_an_example_is_proved_at_the_default_sizes(string example, string obligation)
    {
        var (final, p) = Emit(example);
        var r = Check(final, p.PtxText, p);
        var o = CheckerSupport.Outcome(r, obligation);
        Assert.True(o.Verdict is Verdict.Proved, CheckerSupport.Summary(r));
        Assert.True(r.Passed);
        // erf is proved only as the stated A&S 7.1.26 lowering, and the record says so; other kernels do not mention it
        Assert.Equal(example == "gelu_mlp", o.Record.Semantics.Contains("Abramowitz-Stegun 7.1.26", StringComparison.Ordinal));
        Assert.Equal(example == "gelu_mlp", o.Record.Tolerance.Contains("|error| <= 1.5e-7", StringComparison.Ordinal));
    }

    /// <summary>The checker's erf definition is its own: a PTX whose A&S coefficient a5 is not f32(1.061405429), or
    /// whose sign selection is swapped (erf(−x) = +erf(x)), is refuted. At R=C=H=5 (a partial tile; keeps the test fast).</summary>
    [Theory]
    [InlineData("0f3F87DC22", "0f40000000")]                   // a5 = 1.061405429 becomes 2
    [InlineData("selp.f32 %f10, %f25, %f24", "selp.f32 %f10, %f24, %f25")] // the branches of sign(x) swapped
    public void A_sabotaged_erf_in_gelu_mlp_is_not_proved(string from, string to)
    {
        var (final, p) = Emit("gelu_mlp");
        Assert.Contains(from, p.PtxText);
        var bad = p.PtxText.Replace(from, to, StringComparison.Ordinal);
        Assert.True(Check(final, p.PtxText, p, "R=5,C=5,H=5").Passed); // the unedited PTX at these sizes is proved
        var r = Check(final, bad, p, "R=5,C=5,H=5");
        Assert.False(r.Passed);
        Assert.Null(r.Rejection);
        Assert.Contains(r.Obligations, o => o.Verdict is Verdict.Refuted);
    }

    [Fact]
    public void A_sabotaged_softmax_PTX_is_refuted()
    {
        var (final, p) = Emit("softmax");
        // the emitter "forgets" the max subtraction's sign: x - m becomes x + m
        var i = p.PtxText.IndexOf("sub.rn.f32", StringComparison.Ordinal);
        Assert.True(i >= 0, p.PtxText);
        var bad = p.PtxText[..i] + "add.rn.f32" + p.PtxText[(i + "sub.rn.f32".Length)..];
        var r = Check(final, bad, p);
        Assert.False(r.Passed);
        Assert.Contains(r.Obligations, o => o.Verdict is Verdict.Refuted);
    }
}
