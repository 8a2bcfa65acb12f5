using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>An (op, type) pair without a table row is KC0801 and no program (never a fallback).</summary>
public class EmitUnsupportedTests
{
    [Theory]
    [InlineData("bf16", "add")]   // bf16 arithmetic needs sm_90
    [InlineData("f64", "add")]    // no f64 rows
    [InlineData("f16", "div")]    // no f16 division row
    public void MissingRowIsKC0801(string type, string op)
    {
        var k = EmitTestData.Parse($$"""
            kernel @bad(%x: {{type}}[N]) -> (y: {{type}}[N])
                dims N {
              %y: {{type}}[N] = compute [%i < N] {
                %0: {{type}} = load %x[%i]
                %1: {{type}} = {{op}} %0, %0
                yield %1
              }
              return %y
            }
            """);
        var diags = new DiagnosticBag();
        Assert.Null(PtxEmitter.Emit(k, PtxTarget.Default, diags));
        var d = Assert.Single(diags.Items);
        Assert.Equal(PtxDiagnosticIds.UnsupportedOp, d.Id);
        Assert.Contains("no PTX instruction for", d.Message);
    }

    [Fact]
    public void DirectedBf16RoundingIsKC0801()
    {
        var k = EmitTestData.Parse("""
            kernel @q(%x: f32[N]) -> (y: bf16[N])
                dims N {
              %y: bf16[N] = compute [%i < N] {
                %0: f32 = load %x[%i]
                %1: bf16 = cast.rm %0
                yield %1
              }
              return %y
            }
            """);
        var diags = new DiagnosticBag();
        Assert.Null(PtxEmitter.Emit(k, PtxTarget.Default, diags));
        Assert.Equal(PtxDiagnosticIds.UnsupportedOp, Assert.Single(diags.Items).Id);
    }

    [Fact]
    public void UnknownTargetIsKC0805()
    {
        var diags = new DiagnosticBag();
        Assert.Null(PtxEmitter.Emit(EmitTestData.Parse(EmitTestData.Elementwise), new PtxTarget("sm_70", "7.0"), diags));
        Assert.Equal(PtxDiagnosticIds.UnknownTarget, Assert.Single(diags.Items).Id);
    }

    [Fact]
    public void EveryRowKeepsTheRoundingRule()
    {
        // every float add/sub/mul/div/sqrt row carries .rn (no contraction by ptxas)
        foreach (var (key, rule) in PtxInstructionTable.All)
            if (key.Op is Opcode.Add or Opcode.Sub or Opcode.Mul or Opcode.Div or Opcode.Sqrt && key.Type.IsFloat())
                Assert.Contains(".rn.", rule.Mnemonic);
    }
}
