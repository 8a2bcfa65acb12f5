using System.Collections.Immutable;
using System.Text;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>The .npy header dict, a Python literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c> followed by spaces and '\n'.
/// The parser accepts exactly this grammar (keys descr, fortran_order, shape once each, in any order; strings in
/// single or double quotes without escapes; a 1-tuple needs its comma), nothing more.</summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, ImmutableArray<long> Shape)
{
    /// <summary>The dict, or null with the reason.</summary>
    public static NpyHeader? Parse(string text, out string error)
    {
        var p = new Parser(text);
        var result = p.ParseDict(out error);
        return result;
    }

    /// <summary>numpy's own layout of the dict (without padding and newline).</summary>
    public string Format()
    {
        string shape = Shape.Length switch
        {
            0 => "()",
            1 => $"({Shape[0]},)",
            _ => "(" + string.Join(", ", Shape) + ")",
        };
        return $"{{'descr': '{Descr}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
    }

    private sealed class Parser(string s)
    {
        private int _i;

        public NpyHeader? ParseDict(out string error)
        {
            string? descr = null;
            bool? fortran = null;
            ImmutableArray<long>? shape = null;
            error = "";
            SkipSpaces();
            if (!Eat('{')) { error = "header does not start with '{'"; return null; }
            while (true)
            {
                SkipSpaces();
                if (Eat('}')) break;
                if (ParseString() is not { } key) { error = $"expected a quoted key at character {_i}"; return null; }
                SkipSpaces();
                if (!Eat(':')) { error = $"expected ':' after '{key}'"; return null; }
                SkipSpaces();
                switch (key)
                {
                    case "descr" when descr is null:
                        descr = ParseString();
                        if (descr is null) { error = "descr must be a quoted string"; return null; }
                        break;
                    case "fortran_order" when fortran is null:
                        if (EatWord("True")) fortran = true;
                        else if (EatWord("False")) fortran = false;
                        else { error = "fortran_order must be True or False"; return null; }
                        break;
                    case "shape" when shape is null:
                        shape = ParseTuple(out error);
                        if (shape is null) return null;
                        break;
                    case "descr" or "fortran_order" or "shape":
                        error = $"key '{key}' appears twice";
                        return null;
                    default:
                        error = $"unknown key '{key}'";
                        return null;
                }
                SkipSpaces();
                if (Eat(',')) continue;
                if (Eat('}')) break;
                error = $"expected ',' or '}}' at character {_i}";
                return null;
            }
            while (_i < s.Length && s[_i] == ' ') _i++;
            if (_i != s.Length - 1 || s[_i] != '\n') { error = "the dict must be followed only by spaces and one '\\n'"; return null; }
            if (descr is null || fortran is null || shape is null)
            {
                error = "header must have the keys descr, fortran_order and shape";
                return null;
            }
            return new NpyHeader(descr, fortran.Value, shape.Value);
        }

        private ImmutableArray<long>? ParseTuple(out string error)
        {
            error = "";
            if (!Eat('(')) { error = "shape must be a tuple"; return null; }
            var dims = ImmutableArray.CreateBuilder<long>();
            bool comma = false;
            while (true)
            {
                SkipSpaces();
                if (Eat(')')) break;
                int start = _i;
                while (_i < s.Length && s[_i] is >= '0' and <= '9') _i++;
                if (_i == start) { error = $"shape entries must be non-negative integers (character {_i})"; return null; }
                if (_i - start > 18 || !long.TryParse(s.AsSpan(start, _i - start), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out long d) || d > Tensor.MaxElements)
                {
                    error = $"shape entry {s[start.._i]} is above {Tensor.MaxElements}";
                    return null;
                }
                dims.Add(d);
                SkipSpaces();
                comma = Eat(',');
                if (comma) continue;
                if (Eat(')')) break;
                error = $"expected ',' or ')' in shape at character {_i}";
                return null;
            }
            if (dims.Count == 1 && !comma) { error = "a one-element shape needs a trailing comma: (n,)"; return null; }
            return dims.ToImmutable();
        }

        private string? ParseString()
        {
            if (_i >= s.Length || s[_i] is not ('\'' or '"')) return null;
            char q = s[_i];
            int end = s.IndexOf(q, _i + 1);
            if (end < 0) return null;
            var r = s[(_i + 1)..end];
            if (r.Contains('\\')) return null;
            _i = end + 1;
            return r;
        }

        private bool EatWord(string w)
        {
            if (string.CompareOrdinal(s, _i, w, 0, w.Length) != 0) return false;
            int after = _i + w.Length;
            if (after < s.Length && (char.IsLetterOrDigit(s[after]) || s[after] == '_')) return false;
            _i = after;
            return true;
        }

        private bool Eat(char c)
        {
            if (_i < s.Length && s[_i] == c) { _i++; return true; }
            return false;
        }

        private void SkipSpaces()
        {
            while (_i < s.Length && s[_i] == ' ') _i++;
        }
    }

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
