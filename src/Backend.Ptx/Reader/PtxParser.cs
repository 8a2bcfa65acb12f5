using System.Globalization;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Reader;

/// <summary>Recursive-descent parser of the PTX subset's syntax (docs/ptx.md "PTX subset"). It checks shape only;
/// meaning (types, declarations, versions) is the validator's. The first syntax error is KC0702 and ends parsing.</summary>
internal sealed partial class PtxParser
{
    private readonly List<PtxToken> _tokens;
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;

    private PtxParser(List<PtxToken> tokens, SourceText source, DiagnosticBag diagnostics)
    {
        _tokens = tokens;
        _source = source;
        _diagnostics = diagnostics;
    }

    public static ParsedModule? Parse(List<PtxToken> tokens, SourceText source, DiagnosticBag diagnostics)
    {
        var p = new PtxParser(tokens, source, diagnostics);
        try
        {
            return p.ParseModule();
        }
        catch (SyntaxError)
        {
            return null;
        }
    }

    /// <summary>Unwinds the parser after the diagnostic was reported (internal control flow only).</summary>
    private sealed class SyntaxError : Exception;

    private PtxToken Peek(int k = 0) => _tokens[Math.Min(_pos + k, _tokens.Count - 1)];
    private PtxToken Next() => _tokens[Math.Min(_pos++, _tokens.Count - 1)];

    private SyntaxError Error(PtxToken at, string message)
    {
        _diagnostics.Error(PtxDiagnosticIds.Syntax, new SourceSpan(_source, at.Offset, Math.Max(1, at.Text.Length)), message);
        return new SyntaxError();
    }

    private PtxToken Expect(string punct)
    {
        var t = Peek();
        if (!t.Is(punct)) throw Error(t, $"expected '{punct}', found {t}");
        return Next();
    }

    private PtxToken ExpectIdentifier(string what)
    {
        var t = Peek();
        if (t.Kind != PtxTokenKind.Identifier) throw Error(t, $"expected {what}, found {t}");
        return Next();
    }

    private PtxToken ExpectDirective(string what)
    {
        var t = Peek();
        if (t.Kind != PtxTokenKind.Directive) throw Error(t, $"expected {what}, found {t}");
        return Next();
    }

    private long ExpectInteger(string what, long min, long max)
    {
        var t = Peek();
        if (t.Kind != PtxTokenKind.Integer || !TryInteger(t.Text, out var v) || v < min || v > max)
            throw Error(t, $"expected {what} (an integer from {min} to {max}), found {t}");
        Next();
        return v;
    }

    /// <summary>Decimal or 0x hex, optional U suffix; false when it does not fit in a long.</summary>
    internal static bool TryInteger(string text, out long value)
    {
        var s = text.TrimEnd('U', 'u');
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            bool ok = ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u);
            value = unchecked((long)u);
            return ok;
        }
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private ParsedModule ParseModule()
    {
        var headers = new List<ParsedHeader>();
        var shared = new List<ParsedShared>();
        var entries = new List<ParsedEntry>();
        var order = new List<(string, int)>();
        while (true)
        {
            var t = Peek();
            if (t.Kind == PtxTokenKind.End) break;
            if (t.Kind != PtxTokenKind.Directive) throw Error(t, $"expected a directive (.version, .target, .address_size, .shared, .entry), found {t}");
            order.Add((t.Text, t.Offset));
            switch (t.Text)
            {
                case ".version":
                {
                    Next();
                    var v = Peek();
                    if (v.Kind != PtxTokenKind.Float) throw Error(v, $"expected a version MAJOR.MINOR after .version, found {v}");
                    Next();
                    headers.Add(new ParsedHeader(".version", v.Text, t.Offset, v.Offset));
                    break;
                }
                case ".target":
                {
                    Next();
                    var v = ExpectIdentifier("a target (sm_80) after .target");
                    if (Peek().Is(",")) throw Error(Peek(), "only one target is in the subset (no texmode or debug options)");
                    headers.Add(new ParsedHeader(".target", v.Text, t.Offset, v.Offset));
                    break;
                }
                case ".address_size":
                {
                    Next();
                    var v = Peek();
                    if (v.Kind != PtxTokenKind.Integer) throw Error(v, $"expected 64 after .address_size, found {v}");
                    Next();
                    headers.Add(new ParsedHeader(".address_size", v.Text, t.Offset, v.Offset));
                    break;
                }
                case ".extern" or ".shared":
                    shared.Add(ParseShared(allowExtern: true));
                    break;
                case ".visible" or ".entry":
                    entries.Add(ParseEntry());
                    break;
                default:
                    throw Error(t, $"unexpected directive '{t.Text}' at module level (expected .version, .target, .address_size, .shared or .entry)");
            }
        }
        return new ParsedModule(headers, shared, entries, order);
    }

    /// <summary>[.extern] .shared [.align N] .T name[N]; or name[] (extern only).</summary>
    private ParsedShared ParseShared(bool allowExtern)
    {
        var start = Peek();
        bool isExtern = false;
        if (start.Text == ".extern")
        {
            if (!allowExtern) throw Error(start, ".extern .shared is declared at module level");
            Next();
            isExtern = true;
        }
        var sh = ExpectDirective(".shared");
        if (sh.Text != ".shared") throw Error(sh, $"expected .shared, found {sh}");
        int align = 0, alignOffset = -1;
        if (Peek().Text == ".align" && Peek().Kind == PtxTokenKind.Directive)
        {
            Next();
            alignOffset = Peek().Offset;
            align = (int)ExpectInteger("an alignment", 1, 1 << 20);
        }
        var ty = ExpectDirective("a type");
        var type = ParseType(ty);
        var name = ExpectIdentifier("a variable name");
        if (name.Text.StartsWith('%')) throw Error(name, "a shared variable name cannot start with '%'");
        Expect("[");
        long count = 0;
        if (Peek().Is("]"))
        {
            if (!isExtern) throw Error(Peek(), "only an .extern .shared array may leave its size out");
        }
        else
        {
            count = ExpectInteger("an array size", 1, 1L << 31);
            if (isExtern) throw Error(_tokens[_pos - 1], ".extern .shared arrays have no size ([])");
        }
        Expect("]");
        Expect(";");
        var decl = new PtxSharedDecl(name.Text, type, align, count, isExtern, Line(start.Offset));
        return new ParsedShared(decl, start.Offset, name.Offset, alignOffset);
    }

    private PtxType ParseType(PtxToken t)
    {
        if (t.Kind != PtxTokenKind.Directive || !PtxTypes.TryParse(t.Text[1..], out var type))
            throw Error(t, $"expected a type (.b32, .u64, .f32, ...), found {t}");
        return type;
    }

    private int Line(int offset) => _source.Position(offset).Line;
}
