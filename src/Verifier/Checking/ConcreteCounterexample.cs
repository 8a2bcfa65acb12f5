using System.Globalization;
using System.Text;
using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>A counterexample that was REPLAYED with the reference interpreter: at <see cref="Dims"/>, with the
/// listed inputs (every other input element 0, or a seeded random fill named in <see cref="Note"/>), output element
/// <see cref="Output"/>[<see cref="Index"/>] is <see cref="Before"/> in the IR before and <see cref="After"/> in the
/// IR after, computed in <see cref="Precision"/>. Only such a replay makes a verdict Refuted.</summary>
public sealed record ConcreteCounterexample(IReadOnlyDictionary<string, long> Dims, string Output, EqArray<long> Index,
    double Before, double After, Precision Precision, IReadOnlyList<CounterexampleInput> Inputs)
{
    /// <summary>Extra facts of the replay: how unlisted inputs were filled, or what the interpreter reported
    /// (e.g. a load out of bounds in the IR after).</summary>
    public string? Note { get; init; }

    /// <summary>How input elements not listed were filled: null means 0, else e.g. "seeded random fill (seed 1)".</summary>
    public string? Fill { get; init; }

    public string Describe()
    {
        var sb = new StringBuilder();
        var dims = string.Join(", ", Dims.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"));
        sb.Append("with ").Append(dims.Length == 0 ? "no dimensions" : dims);
        if (Inputs.Count > 0)
            sb.Append(",\n  ").Append(string.Join(", ", Inputs.Select(i => $"{i.Tensor}[{Ix(i.Index)}]={Num(i.Value)}")));
        sb.Append("\n  (").Append(Inputs.Count > 0 ? "every other input element " : "every input element ")
          .Append(Fill ?? "0").Append(')');
        if (Note is not null) sb.Append("\n  ").Append(Note);
        sb.Append(":\n  ").Append($"{Output}[{Ix(Index)}] is {Num(Before)} before and {Num(After)} after");
        sb.Append(Precision == Precision.Exact ? " (exact IEEE arithmetic in each op's dtype)" : " (binary64 arithmetic; the difference is far beyond binary64 rounding)");
        return sb.ToString();
    }

    private static string Ix(EqArray<long> ix) => string.Join(",", ix.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    internal static string Num(double v) => double.IsNaN(v) ? "nan"
        : BitConverter.DoubleToInt64Bits(v) == long.MinValue ? "-0"
        : v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One input element of a counterexample: tensor[index] = value.</summary>
public sealed record CounterexampleInput(string Tensor, EqArray<long> Index, double Value);
