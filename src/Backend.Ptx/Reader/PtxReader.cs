using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Reader;

/// <summary>The strict PTX reader for the subset KernelC emits (docs/ptx.md "PTX subset").</summary>
public static class PtxReader
{
    /// <summary>Reads and validates PTX text. Every problem is a KC07xx diagnostic at line:col in
    /// <paramref name="fileName"/>; the result is null when there is any error. Never throws for bad text.</summary>
    public static PtxModule? Read(string text, string fileName, DiagnosticBag diagnostics)
    {
        var source = new SourceText(fileName, text);
        var tokens = PtxLexer.Lex(source, diagnostics);
        if (tokens is null) return null;
        var parsed = PtxParser.Parse(tokens, source, diagnostics);
        if (parsed is null) return null;
        return PtxValidator.Validate(parsed, source, diagnostics);
    }
}
