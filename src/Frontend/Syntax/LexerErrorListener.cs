using Antlr4.Runtime;
using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>KC0101: a character that starts no token. The lexer skips it and goes on.</summary>
internal sealed class LexerErrorListener(SourceText text, DiagnosticBag diags) : IAntlrErrorListener<int>
{
    public const string UnexpectedCharacter = DiagnosticIds.UnexpectedCharacter;

    public void SyntaxError(TextWriter output, IRecognizer recognizer, int offendingSymbol, int line,
        int charPositionInLine, string msg, RecognitionException e)
    {
        int start = recognizer is Lexer lx ? lx.TokenStartCharIndex : text.Offset(line, charPositionInLine + 1);
        start = Math.Clamp(start, 0, text.Text.Length);
        string shown = start < text.Text.Length ? Show(text.Text[start]) : "end of file";
        diags.Error(UnexpectedCharacter, new SourceSpan(text, start, 1), $"unexpected character {shown}");
    }

    private static string Show(char c) => char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c)
        ? $"U+{(int)c:X4}" : $"'{c}'";
}
