using Antlr4.Runtime;
using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>ANTLR's default recovery, with every report turned into a readable KC01xx diagnostic:
/// KC0102 unexpected token (naming what was expected), KC0103 missing token (placed right after the previous
/// token). Each error condition reports once until the parser has resynchronised, as in ANTLR.</summary>
/// Parse errors on a line that already has a lexical error are dropped: they are its consequences.
internal sealed class SyntaxErrorStrategy(SourceText text, DiagnosticBag diags, IReadOnlySet<int> lexicalErrorLines) : DefaultErrorStrategy
{
    public const string UnexpectedToken = DiagnosticIds.UnexpectedToken;
    public const string MissingToken = DiagnosticIds.MissingToken;

    private SourceSpan SpanOf(IToken t) => t.Type == TokenConstants.EOF
        ? new SourceSpan(text, Math.Min(t.StartIndex < 0 ? text.Text.Length : t.StartIndex, text.Text.Length), 0)
        : new SourceSpan(text, t.StartIndex, Math.Max(1, t.StopIndex - t.StartIndex + 1));

    /// <summary>When the offending token starts a later line than the previous token, the error is placed right
    /// after the previous token: what is missing is missing at the end of that line.</summary>
    private void Unexpected(Parser p, IToken found, string expected)
    {
        // Lexical errors (an unterminated string or comment) were already reported by the lexer pass.
        if (found.Type is Generated.KernelCLexer.UNTERMINATED_STRING or Generated.KernelCLexer.UNTERMINATED_COMMENT) return;
        if (lexicalErrorLines.Contains(SpanOf(found).StartPosition.Line)) return;
        var prev = Previous(p, found);
        if (prev is not null && SpanOf(prev).StartPosition.Line < SpanOf(found).StartPosition.Line)
            diags.Error(UnexpectedToken, new SourceSpan(text, prev.StopIndex + 1, 1),
                $"expected {expected} after '{prev.Text}', found {TokenNames.Found(found)} on the next line");
        else
            diags.Error(UnexpectedToken, SpanOf(found), $"expected {expected}, found {TokenNames.Found(found)}");
    }

    private static IToken? Previous(Parser p, IToken t)
    {
        // Skipped tokens (comments, blanks) are not in the stream, so the previous index is the previous real token.
        if (t.TokenIndex <= 0) return null;
        var prev = ((ITokenStream)p.InputStream).Get(t.TokenIndex - 1);
        return prev.Type == TokenConstants.EOF ? null : prev;
    }

    protected override void ReportNoViableAlternative(Parser recognizer, NoViableAltException e) =>
        Unexpected(recognizer, e.OffendingToken, TokenNames.Expected(recognizer.GetExpectedTokens()));

    protected override void ReportInputMismatch(Parser recognizer, InputMismatchException e) =>
        Unexpected(recognizer, e.OffendingToken, TokenNames.Expected(e.GetExpectedTokens()));

    protected override void ReportFailedPredicate(Parser recognizer, FailedPredicateException e) =>
        Unexpected(recognizer, e.OffendingToken, "something else");

    protected override void ReportUnwantedToken(Parser recognizer)
    {
        if (InErrorRecoveryMode(recognizer)) return;
        BeginErrorCondition(recognizer);
        Unexpected(recognizer, recognizer.CurrentToken, TokenNames.Expected(GetExpectedTokens(recognizer)));
    }

    protected override void ReportMissingToken(Parser recognizer)
    {
        if (InErrorRecoveryMode(recognizer)) return;
        BeginErrorCondition(recognizer);
        var cur = recognizer.CurrentToken;
        var expected = TokenNames.Expected(GetExpectedTokens(recognizer));
        if (lexicalErrorLines.Contains(SpanOf(cur).StartPosition.Line)) return;
        var prev = Previous(recognizer, cur);
        if (prev is not null)
            diags.Error(MissingToken, new SourceSpan(text, prev.StopIndex + 1, 1), $"missing {expected} after '{prev.Text}'");
        else
            diags.Error(MissingToken, SpanOf(cur), $"missing {expected} before {TokenNames.Found(cur)}");
    }
}
