namespace KernelC.IR;

/// <summary>A named text (a .kc file, IR text, PTX) with line lookup for diagnostics.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = starts.ToArray();
    }

    public string Path { get; }
    public string Text { get; }
    public int LineCount => _lineStarts.Length;

    /// <summary>1-based line and column of a character offset (clamped into the text).</summary>
    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The offset of a 1-based line and column (clamped).</summary>
    public int Offset(int line, int column)
    {
        line = Math.Clamp(line, 1, _lineStarts.Length);
        return Math.Min(Text.Length, _lineStarts[line - 1] + Math.Max(0, column - 1));
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return "";
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }
}

/// <summary>A range of characters in a source text.</summary>
public readonly record struct SourceSpan(SourceText Source, int Start, int Length)
{
    public (int Line, int Column) StartPosition => Source.Position(Start);
}
