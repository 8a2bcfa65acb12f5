using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>program.json: Write then Read gives the same program; the strict reader refuses anything else with
/// KC0803.</summary>
public class PtxProgramJsonTests
{
    [Theory]
    [MemberData(nameof(EmitTestData.Examples), MemberType = typeof(EmitTestData))]
    public void RoundTrips(string example)
    {
        var p = EmitTestData.EmitOk(EmitTestData.FinalIr(example));
        var json = PtxProgramJson.Write(p);
        var diags = new DiagnosticBag();
        var back = PtxProgramJson.Read(json, p.PtxText, "p.json", diags);
        Assert.Empty(diags.Items);
        Assert.Equal(p, back);
        Assert.Equal(json, PtxProgramJson.Write(back!));
    }

    public static IEnumerable<object[]> Broken()
    {
        yield return ["\"format\": \"kernelc-ptx-program/1\"", "\"format\": \"kernelc-ptx-program/2\""];
        yield return ["\"kind\": \"input\"", "\"kind\": \"inout\""];
        yield return ["\"kind\": \"buffer\"", "\"kind\": \"pointer\""];
        yield return ["\"name\": \"x\"", "\"name\": \"x y\""];
        yield return ["\"registers\":", "\"regs\":"];
        yield return ["\"flops\": \"2*N\"", "\"flops\": \"2*M\""];
        yield return ["\"dynamic_shared_bytes\": 0", "\"dynamic_shared_bytes\": -1"];
        yield return ["\"dim\": \"N\"", "\"dim\": \"Q\""];
        yield return ["\"kernel\": \"axpb\",", "\"kernel\": \"axpb\", \"kernel\": \"axpb\","];
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void RefusesBrokenFiles(string from, string to)
    {
        var p = EmitTestData.EmitOk(EmitTestData.Parse(EmitTestData.Elementwise));
        var json = PtxProgramJson.Write(p);
        Assert.Contains(from, json);
        var diags = new DiagnosticBag();
        Assert.Null(PtxProgramJson.Read(json.Replace(from, to), p.PtxText, "p.json", diags));
        Assert.Equal(PtxDiagnosticIds.BadProgram, Assert.Single(diags.Items).Id);
    }

    [Fact]
    public void RefusesAnotherPtxText()
    {
        var p = EmitTestData.EmitOk(EmitTestData.Parse(EmitTestData.Elementwise));
        var diags = new DiagnosticBag();
        Assert.Null(PtxProgramJson.Read(PtxProgramJson.Write(p), p.PtxText.Replace("add.rn.f32", "sub.rn.f32"), "p.json", diags));
        Assert.Contains("ptx_sha256", Assert.Single(diags.Items).Message);
    }

    [Fact]
    public void RefusesGarbage()
    {
        var diags = new DiagnosticBag();
        Assert.Null(PtxProgramJson.Read("{\"format\": ", "", "p.json", diags));
        Assert.Equal(PtxDiagnosticIds.BadProgram, Assert.Single(diags.Items).Id);
    }
}
