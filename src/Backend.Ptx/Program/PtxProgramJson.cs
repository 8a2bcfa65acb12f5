using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KernelC.Backend.Ptx.Emit;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Program;

/// <summary>KERNEL.program.json: the launch program of a PTX module, written deterministically (fixed key order,
/// JsonText) and read strictly: exactly the documented fields and JSON types, no duplicates, format
/// "kernelc-ptx-program/1". The PTX text itself lives in KERNEL.ptx; the JSON binds it by "ptx_sha256", and
/// <see cref="Read"/> takes both and refuses a text whose hash differs. Problems are KC0803 diagnostics.</summary>
public static class PtxProgramJson
{
    public const string Format = "kernelc-ptx-program/1";
    public const int MaxBytes = 1 << 20;

    public static string Sha256(string ptxText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ptxText)));

    public static string Write(PtxProgram p) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("kernel", p.KernelName);
        w.WriteString("ptx_sha256", Sha256(p.PtxText));
        w.WriteStartArray("buffers");
        foreach (var b in p.Buffers)
        {
            w.WriteStartObject();
            w.WriteString("name", b.Name);
            w.WriteString("kind", b.Kind.ToString().ToLowerInvariant());
            w.WriteString("dtype", b.ElementType.Name());
            w.WriteStartArray("shape");
            foreach (var d in b.Shape)
                if (d is Dim.Const c) w.WriteNumberValue(c.Value); else w.WriteStringValue(d.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("launches");
        foreach (var l in p.Launches)
        {
            w.WriteStartObject();
            w.WriteString("entry", l.Entry);
            w.WriteStartArray("params");
            foreach (var a in l.Params)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Name);
                w.WriteString("kind", a.Kind.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("grid");
            foreach (var g in new[] { l.GridX, l.GridY, l.GridZ })
            {
                w.WriteStartObject();
                if (g.Dim is null) w.WriteNumber("constant", g.Constant);
                else { w.WriteString("dim", g.Dim); w.WriteNumber("divisor", g.Divisor); }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("block");
            w.WriteNumberValue(l.BlockX); w.WriteNumberValue(l.BlockY); w.WriteNumberValue(l.BlockZ);
            w.WriteEndArray();
            w.WriteNumber("dynamic_shared_bytes", l.DynamicSharedBytes);
            w.WriteStartObject("report");
            w.WriteNumber("registers", l.Report.Registers);
            w.WriteNumber("shared_bytes", l.Report.SharedBytes);
            w.WriteNumber("threads_per_block", l.Report.ThreadsPerBlock);
            w.WriteString("flops", l.Report.FlopsFormula);
            w.WriteString("global_bytes", l.Report.GlobalBytesFormula);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Parses a program file and binds it to its PTX text; null with KC0803 (File = fileName) when the JSON
    /// is off the schema, refers to unknown buffers or dims, or ptx_sha256 is not the hash of ptxText.</summary>
    public static PtxProgram? Read(string json, string ptxText, string fileName, DiagnosticBag diagnostics)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes) return Fail(diagnostics, fileName, $"the program file is larger than {MaxBytes} bytes");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { return Fail(diagnostics, fileName, $"the program file is not valid JSON: {e.Message}"); }
        using (doc)
        {
            try { return PtxProgramSchema.Parse(doc.RootElement, ptxText); }
            catch (PtxProgramSchema.SchemaError e) { return Fail(diagnostics, fileName, e.Message); }
        }
    }

    private static PtxProgram? Fail(DiagnosticBag diags, string file, string message)
    {
        diags.Error(PtxDiagnosticIds.BadProgram, file, message);
        return null;
    }
}
