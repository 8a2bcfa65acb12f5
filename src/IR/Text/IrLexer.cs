namespace KernelC.IR;

/// <summary>Splits IR text into tokens. Words are [A-Za-z_][A-Za-z0-9_.]* (so "cast.rn" is one word), values
/// %[A-Za-z0-9_]+, kernels @[A-Za-z0-9_]+, numbers unsigned decimal with optional fraction and exponent.
/// "//" starts a comment to the end of the line. Bad characters are reported (KC0301) and skipped.</summary>
internal static class IrLexer
{
    public static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
    public static bool IsWordStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static List<IrToken> Lex(SourceText source, DiagnosticBag diags)
    {
        var s = source.Text;
        var tokens = new List<IrToken>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            int start = i;
            if (c is ' ' or '\t' or '\r' or '\n') { i++; continue; }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
                continue;
            }
            if ((c == '%' || c == '@') && i + 1 < s.Length && IsNameChar(s[i + 1]))
            {
                i++;
                while (i < s.Length && IsNameChar(s[i])) i++;
                tokens.Add(new IrToken(c == '%' ? IrTokenKind.Value : IrTokenKind.Global, s[(start + 1)..i], start, i - start));
                continue;
            }
            if (IsWordStart(c))
            {
                while (i < s.Length && (IsNameChar(s[i]) || s[i] == '.')) i++;
                tokens.Add(new IrToken(IrTokenKind.Ident, s[start..i], start, i - start));
                continue;
            }
            if (IsDigit(c))
            {
                while (i < s.Length && IsDigit(s[i])) i++;
                if (i + 1 < s.Length && s[i] == '.' && IsDigit(s[i + 1]))
                {
                    i++;
                    while (i < s.Length && IsDigit(s[i])) i++;
                }
                if (i < s.Length && s[i] is 'e' or 'E')
                {
                    int j = i + 1;
                    if (j < s.Length && s[j] is '+' or '-') j++;
                    if (j < s.Length && IsDigit(s[j]))
                    {
                        i = j;
                        while (i < s.Length && IsDigit(s[i])) i++;
                    }
                }
                tokens.Add(new IrToken(IrTokenKind.Number, s[start..i], start, i - start));
                continue;
            }
            string? two = i + 1 < s.Length ? s.Substring(i, 2) : null;
            if (two is "->" or "==" or ">=" or "<=")
            {
                tokens.Add(new IrToken(IrTokenKind.Punct, two, start, 2));
                i += 2;
                continue;
            }
            if (c is '(' or ')' or '[' or ']' or '{' or '}' or ',' or ':' or '=' or '<' or '>' or '%' or '-')
            {
                tokens.Add(new IrToken(IrTokenKind.Punct, c.ToString(), start, 1));
                i++;
                continue;
            }
            // a surrogate pair is one character to the reader: report and skip it whole
            int len = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            string shown = c < ' ' || c == 127 ? $"U+{(int)c:X4}" : s.Substring(i, len);
            diags.Error(IrDiagnosticIds.UnexpectedCharacter, new SourceSpan(source, start, len), $"unexpected character '{shown}'");
            i += len;
        }
        tokens.Add(new IrToken(IrTokenKind.Eof, "", s.Length, 0));
        return tokens;
    }
}
