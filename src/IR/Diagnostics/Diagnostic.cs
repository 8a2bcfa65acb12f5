using System.Text;

namespace KernelC.IR;

public enum Severity { Error, Warning }

/// <summary>A user-facing problem with a stable id (KCnnnn, listed in docs/diagnostics.md). Either anchored in a
/// text (Span), at a byte offset of a binary file (File + ByteOffset), or at a file alone.</summary>
public sealed record Diagnostic(string Id, Severity Severity, string Message, string File,
    SourceSpan? Span = null, long? ByteOffset = null)
{
    public int Line => Span?.StartPosition.Line ?? 0;
    public int Column => Span?.StartPosition.Column ?? 0;

    /// <summary>"FILE:LINE:COL: error KCnnnn: message", then the source line and a caret under the span;
    /// for binary files "FILE: error KCnnnn: message (at byte N)".</summary>
    public string Format()
    {
        var sev = Severity == Severity.Error ? "error" : "warning";
        var sb = new StringBuilder();
        if (Span is { } span)
        {
            var (line, col) = span.StartPosition;
            sb.Append($"{File}:{line}:{col}: {sev} {Id}: {Message}");
            var text = span.Source.LineText(line);
            sb.Append('\n').Append(text).Append('\n');
            int width = Math.Max(1, Math.Min(span.Length, text.Length - (col - 1)));
            for (int i = 0; i < col - 1 && i < text.Length; i++) sb.Append(text[i] == '\t' ? '\t' : ' ');
            sb.Append('^').Append(new string('~', Math.Max(0, width - 1)));
        }
        else
        {
            sb.Append($"{File}: {sev} {Id}: {Message}");
            if (ByteOffset is { } off) sb.Append($" (at byte {off})");
        }
        return sb.ToString();
    }

    public override string ToString() => Format();
}

/// <summary>Collects diagnostics; user errors are values here, never exceptions.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);
    public int Count => _items.Count;

    public void Add(Diagnostic d) => _items.Add(d);
    public void AddRange(IEnumerable<Diagnostic> ds) => _items.AddRange(ds);

    public void Error(string id, SourceSpan span, string message) =>
        _items.Add(new Diagnostic(id, Severity.Error, message, span.Source.Path, span));

    public void Error(string id, string file, string message, long? byteOffset = null) =>
        _items.Add(new Diagnostic(id, Severity.Error, message, file, null, byteOffset));

    /// <summary>Diagnostics in file, line, column order (stable for equal positions).</summary>
    public IEnumerable<Diagnostic> Sorted() =>
        _items.Select((d, i) => (d, i)).OrderBy(p => p.d.File, StringComparer.Ordinal)
            .ThenBy(p => p.d.Line).ThenBy(p => p.d.Column).ThenBy(p => p.d.ByteOffset ?? 0).ThenBy(p => p.i)
            .Select(p => p.d);
}
