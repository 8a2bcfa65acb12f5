using Antlr4.Runtime;
using KernelC.Frontend.Generated;
using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>Lexes and parses a .kc text with the generated ANTLR parser and builds the AST.
/// Returns null when there is any syntax error (all of them are reported: ANTLR recovers and goes on).</summary>
public static class KcParser
{
    public const string UnterminatedString = DiagnosticIds.UnterminatedString;
    public const string UnterminatedComment = DiagnosticIds.UnterminatedComment;

    public static SourceUnit? Parse(SourceText text, DiagnosticBag diags)
    {
        int before = diags.Count;
        var lexer = new KernelCLexer(new AntlrInputStream(OneUnitPerChar(text.Text)));
        lexer.RemoveErrorListeners();
        lexer.AddErrorListener(new LexerErrorListener(text, diags));
        var tokens = new CommonTokenStream(lexer);
        tokens.Fill();
        foreach (var t in tokens.GetTokens())
        {
            if (t.Type == KernelCLexer.UNTERMINATED_STRING)
                diags.Error(UnterminatedString, new SourceSpan(text, t.StartIndex, 1), "string is not closed: add '\"' before the end of the line");
            else if (t.Type == KernelCLexer.UNTERMINATED_COMMENT)
                diags.Error(UnterminatedComment, new SourceSpan(text, t.StartIndex, 2), "comment is not closed: add '*/'");
        }
        if (!WithinLimits(text, tokens, diags)) return null;
        var lexicalLines = diags.Items.Skip(before).Select(d => d.Line).ToHashSet();
        var parser = new KernelCParser(tokens) { ErrorHandler = new SyntaxErrorStrategy(text, diags, lexicalLines) };
        parser.RemoveErrorListeners();
        var tree = parser.unit();
        if (HasErrorsSince(diags, before)) return null;
        var unit = new SyntaxBuilder(text, diags).Build(tree);
        return HasErrorsSince(diags, before) ? null : unit;
    }

    /// <summary>Bracket nesting deeper than this is refused before parsing (the parser, binder and lowerer recurse).</summary>
    public const int MaxNesting = 256;
    /// <summary>Files with more tokens than this are refused (prefix chains like `- - - x` also recurse).</summary>
    public const int MaxTokens = 50_000;

    private static bool WithinLimits(SourceText text, CommonTokenStream tokens, DiagnosticBag diags)
    {
        var all = tokens.GetTokens();
        if (all.Count > MaxTokens)
        {
            diags.Error(DiagnosticIds.TooDeepOrTooLarge, new SourceSpan(text, 0, 1), $"the file has {all.Count} tokens; at most {MaxTokens} are supported");
            return false;
        }
        int depth = 0;
        foreach (var t in all)
        {
            if (t.Text is "(" or "[" or "{") depth++;
            else if (t.Text is ")" or "]" or "}") depth = Math.Max(0, depth - 1);
            if (depth > MaxNesting)
            {
                diags.Error(DiagnosticIds.TooDeepOrTooLarge, new SourceSpan(text, t.StartIndex, 1), $"brackets nested more than {MaxNesting} deep");
                return false;
            }
        }
        return true;
    }

    /// <summary>Surrogates (paired or lone) become U+FFFD, so the lexer's char indices equal UTF-16 offsets into
    /// the source text and a lone surrogate cannot make the input stream throw. Names are ASCII, so only comments and
    /// strings can hold them; the AST takes string contents from the original text.</summary>
    private static string OneUnitPerChar(string s)
    {
        if (!s.Any(char.IsSurrogate)) return s;
        var a = s.ToCharArray();
        for (int i = 0; i < a.Length; i++) if (char.IsSurrogate(a[i])) a[i] = '\uFFFD';
        return new string(a);
    }

    private static bool HasErrorsSince(DiagnosticBag diags, int before)
    {
        for (int i = before; i < diags.Count; i++)
            if (diags.Items[i].Severity == Severity.Error) return true;
        return false;
    }
}
