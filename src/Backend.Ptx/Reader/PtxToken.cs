namespace KernelC.Backend.Ptx.Reader;

/// <summary>Token kinds of PTX text. Directive: a dot-word (.version, .rn, .x, .v4); Identifier: a name with an
/// optional leading % (%r1, %tid, $L1, loop_3); Integer/Float/HexFloat: numbers; Punct: one of , ; : { } [ ] ( ) + - @ ! &lt; &gt; |.</summary>
public enum PtxTokenKind { Directive, Identifier, Integer, Float, HexFloat, Punct, End }

/// <summary>A token with its text and character offset in the source.</summary>
public readonly record struct PtxToken(PtxTokenKind Kind, string Text, int Offset)
{
    public bool Is(string punct) => Kind == PtxTokenKind.Punct && Text == punct;
    public override string ToString() => Kind == PtxTokenKind.End ? "end of file" : $"'{Text}'";
}
