using System.Globalization;
using System.Numerics;
using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Solvers;

/// <summary>Reads `(get-model)` output of z3 (`(model (define-fun ...))` or `((define-fun ...))`) and cvc5 into a
/// <see cref="Counterexample"/>. The printer's own `_dN` definitions are dropped.</summary>
public static class ModelParser
{
    public static Counterexample Parse(string text)
    {
        var all = SExpr.ParseAll(text) ?? throw new FormatException("model is not a well-formed s-expression");
        var entries = new List<ModelEntry>();
        foreach (var top in all)
            if (top is SExpr.List l) Collect(l, entries);
        return new Counterexample(entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToEqArray());
    }

    private static void Collect(SExpr.List l, List<ModelEntry> entries)
    {
        if (l.Head == "define-fun" && l.Items.Count == 5 && l.Items[1] is SExpr.Atom name && l.Items[2] is SExpr.List args)
        {
            if (name.Text.StartsWith("_d", StringComparison.Ordinal)) return;
            var value = args.Items.Count == 0 ? Value(l.Items[4]) : new ModelValue.Text(l.ToString());
            entries.Add(new ModelEntry(name.Text, value));
            return;
        }
        foreach (var item in l.Items)
            if (item is SExpr.List inner) Collect(inner, entries);
    }

    /// <summary>Decodes one value term; anything unrecognised is kept as text.</summary>
    public static ModelValue Value(SExpr e)
    {
        if (e is SExpr.Atom { IsString: false } a)
        {
            var t = a.Text;
            if (t == "true") return new ModelValue.BoolV(true);
            if (t == "false") return new ModelValue.BoolV(false);
            if (t.StartsWith("#b", StringComparison.Ordinal)) return new ModelValue.BvV(Bin(t[2..]), t.Length - 2);
            if (t.StartsWith("#x", StringComparison.Ordinal))
                return new ModelValue.BvV(BigInteger.Parse("0" + t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), 4 * (t.Length - 2));
            if (TryRational(e, out var n, out var d, out var isInt))
                return isInt ? new ModelValue.IntV(n) : new ModelValue.RealV(n, d);
        }
        if (e is SExpr.List l)
        {
            // (fp #bS #bE #bM): the exponent may also come as #x..
            if (l.Head == "fp" && l.Items.Count == 4 && l.Items.Skip(1).All(x => x is SExpr.Atom))
            {
                var (s, _) = BitsOf(((SExpr.Atom)l.Items[1]).Text);
                var (ex, eb) = BitsOf(((SExpr.Atom)l.Items[2]).Text);
                var (m, mb) = BitsOf(((SExpr.Atom)l.Items[3]).Text);
                return new ModelValue.FpV(new FpLit(eb, mb + 1, !s.IsZero, ex, m));
            }
            // (_ +zero eb sb) (_ -zero ..) (_ +oo ..) (_ -oo ..) (_ NaN ..) and (_ bvN w)
            if (l.Head == "_" && l.Items.Count == 4 && l.Items[1] is SExpr.Atom k
                && int.TryParse(l.Items[2].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i1)
                && int.TryParse(l.Items[3].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i2))
            {
                var sort = Sort.Fp(i1, i2);
                double? v = k.Text switch
                {
                    "+zero" => 0.0, "-zero" => -0.0, "+oo" => double.PositiveInfinity,
                    "-oo" => double.NegativeInfinity, "NaN" => double.NaN, _ => null,
                };
                if (v is double dv) return new ModelValue.FpV(FpLit.FromDouble(dv, sort));
            }
            if (l.Head == "_" && l.Items.Count == 3 && l.Items[1] is SExpr.Atom bv && bv.Text.StartsWith("bv", StringComparison.Ordinal)
                && BigInteger.TryParse(bv.Text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var bvv)
                && int.TryParse(l.Items[2].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var w))
                return new ModelValue.BvV(bvv, w);
            if (TryRational(e, out var n, out var d, out var isInt))
                return isInt ? new ModelValue.IntV(n) : new ModelValue.RealV(n, d);
        }
        return new ModelValue.Text(e.ToString());
    }

    // Numerals `5`, decimals `2.5`, `(- x)`, `(/ x y)`; isInt only for a plain numeral (possibly negated).
    private static bool TryRational(SExpr e, out BigInteger num, out BigInteger den, out bool isInt)
    {
        num = 0; den = 1; isInt = false;
        if (e is SExpr.Atom { IsString: false } a)
        {
            var t = a.Text;
            int dot = t.IndexOf('.');
            var digits = dot < 0 ? t : t[..dot] + t[(dot + 1)..];
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return false;
            num = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
            den = dot < 0 ? 1 : BigInteger.Pow(10, t.Length - dot - 1);
            isInt = dot < 0;
            Normalize(ref num, ref den);
            return true;
        }
        if (e is SExpr.List l)
        {
            if (l.Head == "-" && l.Items.Count == 2 && TryRational(l.Items[1], out num, out den, out isInt))
            { num = -num; return true; }
            if (l.Head == "/" && l.Items.Count == 3 && TryRational(l.Items[1], out var n1, out var d1, out _)
                && TryRational(l.Items[2], out var n2, out var d2, out _) && !n2.IsZero)
            {
                num = n1 * d2; den = d1 * n2; isInt = false;
                Normalize(ref num, ref den);
                return true;
            }
        }
        return false;
    }

    private static void Normalize(ref BigInteger num, ref BigInteger den)
    {
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsZero && !g.IsOne) { num /= g; den /= g; }
    }

    private static (BigInteger Value, int Width) BitsOf(string t) =>
        t.StartsWith("#b", StringComparison.Ordinal) ? (Bin(t[2..]), t.Length - 2)
        : t.StartsWith("#x", StringComparison.Ordinal)
            ? (BigInteger.Parse("0" + t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), 4 * (t.Length - 2))
            : throw new FormatException($"not a bit-vector literal: {t}");

    private static BigInteger Bin(string bits)
    {
        BigInteger v = 0;
        foreach (var c in bits) v = (v << 1) + (c == '1' ? 1 : c == '0' ? 0 : throw new FormatException($"bad binary digit in {bits}"));
        return v;
    }
}
