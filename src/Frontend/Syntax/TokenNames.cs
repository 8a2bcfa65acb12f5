using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using KernelC.Frontend.Generated;

namespace KernelC.Frontend.Syntax;

/// <summary>Human names for tokens and expected-token sets, so syntax errors say "expected ']' or ','" and
/// "expected an expression" instead of ANTLR's token-type lists.</summary>
internal static class TokenNames
{
    private static readonly int[] ExpressionStart =
    {
        KernelCLexer.ID, KernelCLexer.INT, KernelCLexer.FLOAT, KernelCLexer.INF, KernelCLexer.SUM,
        KernelCLexer.MAX, KernelCLexer.MIN, KernelCLexer.WHERE,
    };

    public static string Describe(int type) => type switch
    {
        TokenConstants.EOF => "end of file",
        KernelCLexer.ID => "a name",
        KernelCLexer.INT => "an integer",
        KernelCLexer.FLOAT => "a number",
        KernelCLexer.STRING => "a string",
        _ => KernelCLexer.DefaultVocabulary.GetLiteralName(type) ?? KernelCLexer.DefaultVocabulary.GetDisplayName(type),
    };

    /// <summary>The offending token as the user sees it: 'text', or "end of file".</summary>
    public static string Found(IToken t) => t.Type == TokenConstants.EOF ? "end of file" : $"'{t.Text}'";

    /// <summary>"X", "X or Y", "X, Y or Z"; a set that starts an expression is summarised as "an expression".</summary>
    public static string Expected(IntervalSet set)
    {
        var types = set.ToList().Where(t => t != TokenConstants.EPSILON).ToList();
        var names = new List<string>();
        bool expression = types.Contains(KernelCLexer.ID) && types.Contains(KernelCLexer.INT) && types.Contains(KernelCLexer.FLOAT);
        if (expression)
        {
            names.Add("an expression");
            types = types.Where(t => Array.IndexOf(ExpressionStart, t) < 0 && !IsExpressionPunct(t)).ToList();
        }
        names.AddRange(types.Select(Describe).Distinct());
        if (names.Count == 0) return "something else";
        if (names.Count == 1) return names[0];
        return string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    private static bool IsExpressionPunct(int t)
    {
        var lit = KernelCLexer.DefaultVocabulary.GetLiteralName(t);
        return lit is "'('" or "'-'" or "'!'";
    }
}
