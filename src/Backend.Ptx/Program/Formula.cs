using System.Globalization;
using System.Text;

namespace KernelC.Backend.Ptx.Program;

/// <summary>Cost formulas: a sum of products of dim names and non-negative integers ("2*M*N*K+4*N"), kept as a
/// polynomial (monomial = sorted multiset of dims ↦ coefficient) so equal costs print identically.</summary>
public sealed class Formula
{
    // key: dims of the monomial sorted ordinally and joined by '*' ("" for the constant term)
    private readonly SortedDictionary<string, long> _terms = new(StringComparer.Ordinal);

    public static Formula Zero => new();
    public static Formula Constant(long c) { var f = new Formula(); f.AddTerm("", c); return f; }
    public static Formula OfDim(string dim) { var f = new Formula(); f.AddTerm(dim, 1); return f; }

    private void AddTerm(string key, long c)
    {
        if (c == 0) return;
        var v = _terms.TryGetValue(key, out var old) ? checked(old + c) : c;
        if (v == 0) _terms.Remove(key); else _terms[key] = v;
    }

    public static Formula operator +(Formula a, Formula b)
    {
        var r = new Formula();
        foreach (var (k, c) in a._terms) r.AddTerm(k, c);
        foreach (var (k, c) in b._terms) r.AddTerm(k, c);
        return r;
    }

    public static Formula operator *(Formula a, Formula b)
    {
        var r = new Formula();
        foreach (var (ka, ca) in a._terms)
            foreach (var (kb, cb) in b._terms)
            {
                var dims = ka.Split('*', StringSplitOptions.RemoveEmptyEntries)
                    .Concat(kb.Split('*', StringSplitOptions.RemoveEmptyEntries)).OrderBy(x => x, StringComparer.Ordinal);
                r.AddTerm(string.Join("*", dims), checked(ca * cb));
            }
        return r;
    }

    public static Formula operator *(long c, Formula a) => Constant(c) * a;

    /// <summary>Each coefficient divided by d, rounded up: exact when d divides every coefficient (a stepped loop of
    /// E/d iterations over a body that repeats d times), otherwise an upper bound.</summary>
    public Formula DivideCeil(long d)
    {
        var r = new Formula();
        foreach (var (k, c) in _terms) r.AddTerm(k, (c + d - 1) / d);
        return r;
    }

    /// <summary>The product of a shape's extents.</summary>
    public static Formula Product(IEnumerable<KernelC.IR.Dim> shape)
    {
        var f = Constant(1);
        foreach (var d in shape)
            f *= d is KernelC.IR.Dim.Const c ? Constant(c.Value) : OfDim(((KernelC.IR.Dim.Sym)d).Name);
        return f;
    }

    /// <summary>Terms in descending degree, then by name: "4*N*N*D+2*N".</summary>
    public override string ToString()
    {
        if (_terms.Count == 0) return "0";
        var sb = new StringBuilder();
        foreach (var (k, c) in _terms.OrderByDescending(t => t.Key.Length == 0 ? 0 : t.Key.Split('*').Length)
                     .ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            if (sb.Length > 0) sb.Append('+');
            if (k.Length == 0) sb.Append(c.ToString(CultureInfo.InvariantCulture));
            else if (c == 1) sb.Append(k);
            else sb.Append(c.ToString(CultureInfo.InvariantCulture)).Append('*').Append(k);
        }
        return sb.ToString();
    }

    /// <summary>The value of a printed formula under the dims; null when it does not parse or a dim is missing or
    /// the value overflows 64 bits.</summary>
    public static long? TryEvaluate(string text, IReadOnlyDictionary<string, long> dims)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            long sum = 0;
            foreach (var term in text.Split('+'))
            {
                long prod = 1;
                foreach (var f in term.Split('*'))
                {
                    if (f.Length == 0) return null;
                    if (char.IsAsciiDigit(f[0]))
                    {
                        if (!long.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
                        prod = checked(prod * n);
                    }
                    else if (dims.TryGetValue(f, out var d)) prod = checked(prod * d);
                    else return null;
                }
                sum = checked(sum + prod);
            }
            return sum;
        }
        catch (OverflowException) { return null; }
    }

    /// <summary>Whether the text is a well-formed formula over the given dims (what a strict reader accepts).</summary>
    public static bool IsWellFormed(string text, IEnumerable<string> dims)
    {
        var probe = dims.ToDictionary(d => d, _ => 1L);
        return TryEvaluate(text, probe) is not null;
    }
}
