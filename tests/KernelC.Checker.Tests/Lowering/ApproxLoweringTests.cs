using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Ptx;
using KernelC.Verifier.Solvers;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>log and tanh lower to lg2.approx.f32 (times f32(ln 2)) and tanh.approx.f32: the lowering rule proves the
/// emitted PTX through the STATED identifications lg2.approx(y) = log(y)/f32(ln 2) and tanh.approx(y) = tanh(y)
/// (docs/checker.md "Lowering"), the records state them, and a PTX that drops the ln 2 factor or computes another
/// function in place of tanh is refuted.</summary>
public class ApproxLoweringTests
{
    // y[i, j] = log(x·x + 2) (an argument ≥ 2, never 1: a wrong log shows on every input, whatever values the
    // solver's model picks for the replay) or tanh(x)
    private static Module Kernel(string op) => CheckerSupport.Parse($$"""
        kernel @f(%x: f32[R, C]) -> (y: f32[R, C])
            dims R, C {
          %y: f32[R, C] = compute [%i < R, %j < C] {
            %0: f32 = load %x[%i, %j]
            {{(op == "log" ? "%a: f32 = mul %0, %0\n    %b: f32 = const 2\n    %c: f32 = add %a, %b\n    %1: f32 = log %c" : "%1: f32 = tanh %0")}}
            yield %1
          }
          return %y
        }
        """);

    private static CheckReport Check(Module final, string ptx, PtxProgram program)
    {
        var json = PtxProgramJson.Write(program with { PtxText = ptx });
        var cert = LoweringCertificate.For(final, "f", ptx, "ptx/f.program.json", "R=3,C=5");
        return LoweringCheck.Check(final, ptx, json, cert, CheckerSupport.Options);
    }

    private static (Module, PtxProgram) Emit(string op)
    {
        var final = Kernel(op);
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(final.Kernels[0], PtxTarget.Default, diags);
        Assert.True(p is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        return (final, p!);
    }

    [Theory]
    [InlineData("log", "lg2.approx.f32", LoweringPtxDomain.Lg2Statement)]
    [InlineData("tanh", "tanh.approx.f32", LoweringPtxDomain.TanhStatement)]
    public void The_emitted_approximation_is_proved_with_its_statement_in_the_record(string op, string mnemonic, string statement)
    {
        var (final, p) = Emit(op);
        Assert.Contains(mnemonic, p.PtxText);
        var r = Check(final, p.PtxText, p);
        Assert.True(r.Passed, CheckerSupport.Summary(r));
        var o = Assert.Single(r.Obligations);
        Assert.Contains(statement, o.Record.Semantics);
        Assert.Contains(statement, o.Record.Tolerance);
        // the other identification is stated only when its instruction ran
        var other = op == "log" ? LoweringPtxDomain.TanhStatement : LoweringPtxDomain.Lg2Statement;
        Assert.DoesNotContain(other, o.Record.Semantics);
    }

    [Theory]
    [InlineData("log", "0f3F317218", "0f3F800000")]            // lg2 without the ln 2 factor (times 1 instead)
    [InlineData("log", "lg2.approx.f32", "ex2.approx.f32")]     // another function in place of lg2
    [InlineData("tanh", "tanh.approx.f32", "ex2.approx.f32")]   // another function in place of tanh
    [InlineData("tanh", "tanh.approx.f32", "neg.f32")]          // another op in place of tanh
    public void A_sabotaged_approximation_is_refuted(string op, string from, string to)
    {
        var (final, p) = Emit(op);
        Assert.Contains(from, p.PtxText);
        var bad = p.PtxText.Replace(from, to, StringComparison.Ordinal);
        var r = Check(final, bad, p);
        Assert.False(r.Passed);
        Assert.Null(r.Rejection);
        Assert.Contains(r.Obligations, o => o.Verdict is Verdict.Refuted);
    }
}
