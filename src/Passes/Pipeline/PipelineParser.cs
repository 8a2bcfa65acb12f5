using KernelC.IR;

namespace KernelC.Passes;

/// <summary>Parses pipeline text. Grammar: pipeline := ε | pass (',' pass)* ; pass := NAME ('(' arg (',' arg)* ')')? ;
/// NAME := [a-z_][a-z0-9_-]* ; arg := [A-Za-z0-9_.]+ ; spaces are ignored between tokens.
/// Errors are KC05xx diagnostics positioned in the text (which may be a span of a larger source file).</summary>
public static class PipelineParser
{
    /// <summary>Parses <paramref name="source"/> from <paramref name="start"/> for <paramref name="length"/> characters
    /// (the whole text by default).</summary>
    public static PipelineSpec? Parse(SourceText source, DiagnosticBag diags, int start = 0, int length = -1)
    {
        int end = length < 0 ? source.Text.Length : start + length;
        var p = new Cursor(source, start, end, diags);
        var passes = new List<PassSpec>();
        p.SkipSpaces();
        if (p.AtEnd) return PipelineSpec.Empty;
        while (true)
        {
            var pass = p.ParsePass();
            if (pass is null) return null;
            passes.Add(pass);
            p.SkipSpaces();
            if (p.AtEnd) break;
            if (!p.Expect(',', "',' between passes")) return null;
            p.SkipSpaces();
            if (p.AtEnd) { p.Error("KC0501", "a pass name after ','"); return null; }
        }
        return new PipelineSpec(passes.ToEqArray());
    }

    public static PipelineSpec? Parse(string text, string origin, DiagnosticBag diags) =>
        Parse(new SourceText(origin, text), diags);

    private sealed class Cursor(SourceText source, int pos, int end, DiagnosticBag diags)
    {
        private int _pos = pos;

        public bool AtEnd => _pos >= end;
        private char Peek => _pos < end ? source.Text[_pos] : '\0';

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek)) _pos++;
        }

        public void Error(string id, string expected)
        {
            var found = AtEnd ? "the end of the pipeline" : $"'{Peek}'";
            diags.Error(id, new SourceSpan(source, _pos, AtEnd ? 0 : 1), $"expected {expected}, found {found}");
        }

        public bool Expect(char c, string what)
        {
            if (Peek == c && !AtEnd) { _pos++; return true; }
            Error("KC0501", what);
            return false;
        }

        public PassSpec? ParsePass()
        {
            int start = _pos;
            if (!(char.IsAsciiLetterLower(Peek) || Peek == '_')) { Error("KC0501", "a pass name (lower-case letters, digits, '_' or '-')"); return null; }
            while (!AtEnd && (char.IsAsciiLetterLower(Peek) || char.IsAsciiDigit(Peek) || Peek is '_' or '-')) _pos++;
            var name = source.Text[start.._pos];
            SkipSpaces();
            var args = new List<string>();
            if (Peek == '(' && !AtEnd)
            {
                _pos++;
                while (true)
                {
                    SkipSpaces();
                    int a = _pos;
                    while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '.')) _pos++;
                    if (a == _pos) { Error("KC0501", $"an argument of {name}"); return null; }
                    args.Add(source.Text[a.._pos]);
                    SkipSpaces();
                    if (Peek == ',' && !AtEnd) { _pos++; continue; }
                    if (!Expect(')', $"',' or ')' in the arguments of {name}")) return null;
                    break;
                }
            }
            return new PassSpec(name, args.ToEqArray());
        }
    }
}
