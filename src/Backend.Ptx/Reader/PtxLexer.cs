using KernelC.IR;

namespace KernelC.Backend.Ptx.Reader;

/// <summary>Splits PTX text into tokens; skips whitespace and // and /* */ comments. A character that starts no
/// token, an unterminated comment or a malformed number is KC0700 and lexing stops (the reader then fails).</summary>
public static class PtxLexer
{
    public static List<PtxToken>? Lex(SourceText source, DiagnosticBag diagnostics)
    {
        var text = source.Text;
        var tokens = new List<PtxToken>();
        int i = 0;
        while (true)
        {
            // whitespace and comments
            while (i < text.Length)
            {
                char c = text[i];
                if (c is ' ' or '\t' or '\r' or '\n') { i++; continue; }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] != '\n') i++;
                    continue;
                }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0) return Fail(source, diagnostics, i, 2, "unterminated /* comment");
                    i = end + 2;
                    continue;
                }
                break;
            }
            if (i >= text.Length) { tokens.Add(new PtxToken(PtxTokenKind.End, "", text.Length)); return tokens; }

            char ch = text[i];
            int start = i;
            if (ch == '.' && i + 1 < text.Length && IsWordChar(text[i + 1]))
            {
                i++;
                while (i < text.Length && IsWordChar(text[i])) i++;
                tokens.Add(new PtxToken(PtxTokenKind.Directive, text[start..i], start));
            }
            else if (ch is '%' or '$' or '_' || char.IsAsciiLetter(ch))
            {
                i++;
                while (i < text.Length && (IsWordChar(text[i]) || text[i] == '$')) i++;
                if (ch == '%' && i == start + 1) return Fail(source, diagnostics, start, 1, "'%' must start a register name");
                tokens.Add(new PtxToken(PtxTokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsAsciiDigit(ch))
            {
                var tok = LexNumber(text, ref i);
                if (tok is null) return Fail(source, diagnostics, start, Math.Max(1, i - start), $"malformed number '{text[start..Math.Min(text.Length, Math.Max(i, start + 1))]}'");
                tokens.Add(tok.Value);
            }
            else if (",;:{}[]()+-@!<>|".Contains(ch))
            {
                i++;
                tokens.Add(new PtxToken(PtxTokenKind.Punct, ch.ToString(), start));
            }
            else
            {
                return Fail(source, diagnostics, start, 1, char.IsControl(ch) || ch > 126
                    ? $"unexpected character U+{(int)ch:X4}"
                    : $"unexpected character '{ch}'");
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>0fXXXXXXXX, 0dXXXXXXXXXXXXXXXX, 0xHEX, decimal integers (optional U suffix), decimal floats (d.d[e±d]).</summary>
    private static PtxToken? LexNumber(string text, ref int i)
    {
        int start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'f' or 'F' or 'd' or 'D' or 'x' or 'X')
        {
            char k = char.ToLowerInvariant(text[i + 1]);
            i += 2;
            int digits = i;
            while (i < text.Length && char.IsAsciiHexDigit(text[i])) i++;
            int n = i - digits;
            if (i < text.Length && IsWordChar(text[i])) { i++; return null; }
            if (k == 'x') return n is >= 1 and <= 16 ? new PtxToken(PtxTokenKind.Integer, text[start..i], start) : null;
            if ((k == 'f' && n != 8) || (k == 'd' && n != 16)) return null;
            return new PtxToken(PtxTokenKind.HexFloat, text[start..i], start);
        }
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        bool isFloat = false;
        if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (isFloat && i < text.Length && text[i] is 'e' or 'E')
        {
            int save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i])) { i = save + 1; return null; }
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (!isFloat && i < text.Length && text[i] is 'U' or 'u') i++;
        if (i < text.Length && IsWordChar(text[i])) { i++; return null; }
        return new PtxToken(isFloat ? PtxTokenKind.Float : PtxTokenKind.Integer, text[start..i], start);
    }

    private static List<PtxToken>? Fail(SourceText source, DiagnosticBag diagnostics, int offset, int length, string message)
    {
        diagnostics.Error(PtxDiagnosticIds.Lexical, new SourceSpan(source, offset, length), message);
        return null;
    }
}
