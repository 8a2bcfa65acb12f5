using System.Text;

namespace KernelC.Verifier.Solvers;

/// <summary>An s-expression read from solver output (never used to produce solver input).</summary>
public abstract record SExpr
{
    public sealed record Atom(string Text, bool IsString = false) : SExpr
    {
        public override string ToString() => IsString ? "\"" + Text.Replace("\"", "\"\"") + "\"" : Text;
    }

    public sealed record List(IReadOnlyList<SExpr> Items) : SExpr
    {
        public string? Head => Items.Count > 0 && Items[0] is Atom { IsString: false } a ? a.Text : null;
        public override string ToString() => "(" + string.Join(' ', Items) + ")";
    }

    /// <summary>Reads every top-level s-expression of <paramref name="text"/>; null if it is not well formed.</summary>
    public static List<SExpr>? ParseAll(string text)
    {
        var result = new List<SExpr>();
        var stack = new Stack<List<SExpr>>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == ';') { while (i < text.Length && text[i] != '\n') i++; continue; }
            SExpr? done = null;
            if (c == '(') { stack.Push(new List<SExpr>()); i++; continue; }
            if (c == ')')
            {
                if (stack.Count == 0) return null;
                done = new List(stack.Pop()); i++;
            }
            else if (c == '"')
            {
                var sb = new StringBuilder(); i++;
                while (true)
                {
                    if (i >= text.Length) return null;
                    if (text[i] == '"') { if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; } i++; break; }
                    sb.Append(text[i++]);
                }
                done = new Atom(sb.ToString(), true);
            }
            else if (c == '|')
            {
                int j = text.IndexOf('|', i + 1);
                if (j < 0) return null;
                done = new Atom(text[(i + 1)..j]); i = j + 1;
            }
            else
            {
                int j = i;
                while (j < text.Length && !char.IsWhiteSpace(text[j]) && text[j] is not ('(' or ')' or '"' or ';')) j++;
                done = new Atom(text[i..j]); i = j;
            }
            if (stack.Count > 0) stack.Peek().Add(done); else result.Add(done);
        }
        return stack.Count == 0 ? result : null;
    }
}
