using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>A name as written in the source, with its span.</summary>
public sealed record Identifier(string Text, SourceSpan Span)
{
    public override string ToString() => Text;
}
