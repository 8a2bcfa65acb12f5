using System.Globalization;

namespace KernelC.IR;

/// <summary>The recursive-descent parser's state. Names resolve through a stack of scopes (kernel, then one per
/// region); a use of an unknown name is KC0305. Regions deeper than <see cref="MaxDepth"/> are refused.</summary>
internal sealed partial class IrParserState
{
    private const int MaxDepth = 64;

    private sealed class Abort : Exception;

    private readonly SourceText _source;
    private readonly DiagnosticBag _diags;
    private List<IrToken> _tokens = new();
    private int _pos;
    private int _depth;
    private readonly Dictionary<string, Value> _scope = new();
    private readonly Stack<List<(string Name, Value? Shadowed)>> _frames = new();
    private Dictionary<string, SourceSpan> _defSpans = new();

    public IrParserState(SourceText source, DiagnosticBag diags)
    {
        _source = source;
        _diags = diags;
    }

    private IrToken Cur => _tokens[_pos];
    private SourceSpan Span(IrToken t) => new(_source, t.Start, t.Length);

    public Module? ParseModule()
    {
        int before = _diags.Count;
        _tokens = IrLexer.Lex(_source, _diags);
        if (_diags.Count > before) return null;
        var kernels = new List<Kernel>();
        var kernelSpans = new List<(SourceSpan Span, Dictionary<string, SourceSpan> Defs)>();
        while (Cur.Kind != IrTokenKind.Eof)
        {
            int startPos = _pos;
            try
            {
                var (k, span) = ParseKernel();
                kernels.Add(k);
                kernelSpans.Add((span, _defSpans));
            }
            catch (Abort)
            {
                // resume at the next "kernel" word after the one that failed
                _pos = Math.Max(_pos, startPos + 1);
                while (Cur.Kind != IrTokenKind.Eof && !Cur.IsWord("kernel")) _pos++;
            }
        }
        if (_diags.Count > before) return null;
        var module = new Module(kernels.ToEqArray());
        var errors = IrVerifier.Detailed(module);
        foreach (var e in errors)
        {
            int idx = kernels.FindIndex(k => k.Name == e.Kernel);
            // a duplicate kernel name is reported at the second kernel
            if (e.Value is null && e.Message.Contains("already defined")) idx = kernels.FindLastIndex(k => k.Name == e.Kernel);
            var (kspan, defs) = kernelSpans[Math.Max(0, idx)];
            var span = e.Value is not null && defs.TryGetValue(e.Value, out var s) ? s : kspan;
            _diags.Error(IrDiagnosticIds.VerifierRule, span, e.ToString());
        }
        return errors.Count == 0 ? module : null;
    }

    // ---- token helpers ----

    private Exception Fail(string id, IrToken at, string message)
    {
        _diags.Error(id, Span(at), message);
        return new Abort();
    }

    private Exception Expected(string what) => Fail(IrDiagnosticIds.Syntax, Cur, $"expected {what}, found {Cur.Describe()}");

    private IrToken Next() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private void Expect(string punct)
    {
        if (!Cur.Is(punct)) throw Expected($"'{punct}'");
        Next();
    }

    private void ExpectWord(string word)
    {
        if (!Cur.IsWord(word)) throw Expected($"'{word}'");
        Next();
    }

    private bool Accept(string punct)
    {
        if (!Cur.Is(punct)) return false;
        Next();
        return true;
    }

    private IrToken ExpectKind(IrTokenKind kind, string what)
    {
        if (Cur.Kind != kind) throw Expected(what);
        return Next();
    }

    // ---- scopes ----

    private void PushFrame() => _frames.Push(new());

    private void PopFrame()
    {
        foreach (var (name, shadowed) in _frames.Pop())
            if (shadowed is null) _scope.Remove(name); else _scope[name] = shadowed;
    }

    private void Define(Value v, IrToken at)
    {
        _frames.Peek().Add((v.Name, _scope.GetValueOrDefault(v.Name)));
        _scope[v.Name] = v;
        _defSpans[v.Name] = Span(at);
    }

    private Value UseValue()
    {
        var t = ExpectKind(IrTokenKind.Value, "a value (%name)");
        if (!_scope.TryGetValue(t.Text, out var v))
            throw Fail(IrDiagnosticIds.UndefinedValue, t, $"undefined value %{t.Text}");
        return v;
    }

    // ---- literals and types ----

    private long ParseInteger(bool allowSign)
    {
        bool neg = allowSign && Accept("-");
        var t = ExpectKind(IrTokenKind.Number, "an integer");
        if (!long.TryParse(neg ? "-" + t.Text : t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw Fail(IrDiagnosticIds.BadNumber, t, $"'{t.Text}' is not an integer in the 64-bit range");
        return v;
    }

    private ValueType ParseType()
    {
        var t = ExpectKind(IrTokenKind.Ident, "a dtype");
        if (!DTypes.TryParse(t.Text, out var dtype)) throw Fail(IrDiagnosticIds.UnknownDType, t, $"unknown dtype '{t.Text}'");
        var shape = new List<Dim>();
        if (Accept("["))
        {
            if (!Cur.Is("]"))
                do shape.Add(ParseDim()); while (Accept(","));
            Expect("]");
        }
        return new ValueType(dtype, shape.ToEqArray());
    }

    private Dim ParseDim()
    {
        if (Cur.Kind == IrTokenKind.Ident) return Dim.Of(Next().Text);
        if (Cur.Kind == IrTokenKind.Number) return Dim.Of(ParseInteger(false));
        throw Expected("a dimension name or an integer extent");
    }

    /// <summary>A constant: ['-'] (number | inf | nan); the sign is applied by negation, so "-0" is -0.0.</summary>
    private double ParseConstNumber()
    {
        bool neg = Accept("-");
        double v;
        if (Cur.IsWord("inf")) { Next(); v = double.PositiveInfinity; }
        else if (Cur.IsWord("nan")) { Next(); v = double.NaN; }
        else
        {
            var t = ExpectKind(IrTokenKind.Number, "a number, inf or nan");
            if (!double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                throw Fail(IrDiagnosticIds.BadNumber, t, $"'{t.Text}' is not a number");
        }
        return neg && !double.IsNaN(v) ? -v : v;
    }
}
