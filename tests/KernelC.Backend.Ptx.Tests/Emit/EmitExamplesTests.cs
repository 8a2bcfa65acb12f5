using KernelC.Backend.Ptx.Program;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>Every example's final IR emits without diagnostics, deterministically, one launch per top-level
/// instruction; the program file round-trips through the strict reader.</summary>
public class EmitExamplesTests
{
    [Theory]
    [MemberData(nameof(EmitTestData.Examples), MemberType = typeof(EmitTestData))]
    public void EmitsEveryExample(string example)
    {
        var k = EmitTestData.FinalIr(example);
        var p = EmitTestData.EmitOk(k);
        Assert.Equal(k.Body.Count, p.Launches.Count);
        Assert.Equal(p.PtxText, EmitTestData.EmitOk(EmitTestData.FinalIr(example)).PtxText);
        Assert.StartsWith("//", p.PtxText);
        Assert.Contains(".version 7.8\n.target sm_80\n.address_size 64\n", p.PtxText);
        foreach (var l in p.Launches) Assert.Contains($".visible .entry {l.Entry}(", p.PtxText);
        var diags = new DiagnosticBag();
        var module = PtxReader.Read(p.PtxText, example + ".ptx", diags);
        Assert.True(module is not null && diags.Count == 0, string.Join("\n", diags.Items.Select(d => d.Format())));
        if (Environment.GetEnvironmentVariable("KERNELC_DUMP_PTX") is { Length: > 0 } dir)
            File.WriteAllText(Path.Combine(dir, example + ".ptx"), p.PtxText);
    }
}
