namespace KernelC.IR;

internal enum IrTokenKind { Ident, Value, Global, Number, Punct, Eof }

/// <summary>A token of IR text. Value and Global carry the name without '%'/'@'; Punct the symbol itself.</summary>
internal readonly record struct IrToken(IrTokenKind Kind, string Text, int Start, int Length)
{
    public bool Is(string punct) => Kind == IrTokenKind.Punct && Text == punct;
    public bool IsWord(string word) => Kind == IrTokenKind.Ident && Text == word;

    public string Describe() => Kind switch
    {
        IrTokenKind.Eof => "end of input",
        IrTokenKind.Value => $"'%{Text}'",
        IrTokenKind.Global => $"'@{Text}'",
        _ => $"'{Text}'",
    };
}
