namespace KernelC.IR;

/// <summary>Parses IR text (docs/ir.md) into a module. Hand-written lexer and recursive descent; errors are
/// KC03xx diagnostics with exact spans, never exceptions. After a syntax error the parser resumes at the next
/// "kernel" word; a module is returned only when the whole text parsed and passed <see cref="IrVerifier"/>
/// (whose findings are reported as KC0307 at the offending value's definition).</summary>
public static class IrParser
{
    public static Module? Parse(SourceText text, DiagnosticBag diags) => new IrParserState(text, diags).ParseModule();
}
