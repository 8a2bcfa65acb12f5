using System.Collections.Immutable;
using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>What to replay: both kernels at concrete dims, with some input elements given (from a solver model) and
/// the rest filled; which output element to compare (null: the first differing element, row-major).</summary>
internal sealed record ReplayRequest(Kernel Before, Kernel After, int Output, IReadOnlyDictionary<string, long> Dims,
    EqArray<long>? Index, IReadOnlyList<CounterexampleInput> Inputs, IReadOnlyList<Precision> Precisions)
{
    /// <summary>A real-arithmetic claim: compare unrounded binary64 values and require a difference beyond
    /// <see cref="Replayer.RealsMargin"/>, since binary64 rounding differences do not refute an equality of reals.</summary>
    public bool Reals { get; init; }
}

/// <summary>Concrete replay with the reference <see cref="Interpreter"/> — the ground truth a counterexample must
/// survive. Unlisted input elements are 0, then (if that shows nothing) seeded random fills (seeds 1..3, multiples
/// of 1/8 in [-2, 2]: exact in every float dtype; seeds 4..5, full-precision values in [-2, 2)). Sizes are capped at <see cref="MaxElements"/> per tensor.
/// Two outputs differ when their bits differ (any NaN equals any NaN; +0 and -0 differ): the IEEE claim's SMT `=`.</summary>
internal static class Replayer
{
    public const long MaxElements = 1 << 20;

    /// <summary>Relative difference a binary64 replay must exceed to refute a reals claim: 2^-30, about a thousand
    /// times the rounding error of the ≤ 10^4 binary64 operations a replay at witness sizes performs (≤ 10^4·2^-53).</summary>
    public static readonly double RealsMargin = Math.Pow(2, -30);
    private const int RandomFills = 5;
    /// <summary>Fills up to this seed use multiples of 1/8 (exact sums: differences from real algebra stand out);
    /// later ones use full-precision values (differences from rounding stand out).</summary>
    private const int DyadicFills = 3;

    public static ConcreteCounterexample? FindDifference(ReplayRequest q)
    {
        if (!Replayable(q.Before, q.Dims) || !Replayable(q.After, q.Dims)) return null;
        for (int seed = 0; seed <= RandomFills; seed++)
        {
            foreach (var precision in q.Precisions)
            {
                var inputs = Inputs(q.Before, q.Dims, q.Inputs, seed);
                if (q.Index is { } at0)
                {
                    // one element: evaluated lazily, so out-of-bounds loads elsewhere do not hide it
                    var eb = new ElementReplay(q.Before, q.Dims, inputs, precision).Output(q.Output, at0, round: !q.Reals);
                    var ea = new ElementReplay(q.After, q.Dims, inputs, precision).Output(q.Output, at0, round: !q.Reals);
                    if (eb is double xb && ea is double xa && (q.Reals ? FarApart(xb, xa) : !Same(xb, xa)))
                        return Counterexample(q, q.Before.Outputs[q.Output].Name, at0, xb, xa, precision, inputs, seed);
                    continue;
                }
                if (q.Reals) continue; // whole-tensor replays store rounded outputs: no evidence about reals
                var b = Interpreter.Run(q.Before, q.Dims, inputs, precision).Outputs;
                var a = Interpreter.Run(q.After, q.Dims, inputs, precision).Outputs;
                if (b is null || a is null) continue;
                var name = q.Before.Outputs[q.Output].Name;
                var tb = b[name];
                var ta = a[q.After.Outputs[q.Output].Name];
                if (FirstDifference(tb, ta) is not { } at) continue;
                double vb = tb[at.ToArray()], va = ta[at.ToArray()];
                if (Same(vb, va)) continue;
                return Counterexample(q, name, at, vb, va, precision, inputs, seed);
            }
        }
        return null;
    }

    /// <summary>Runs the kernel after at dims: a counterexample when the interpreter reports a load outside its
    /// tensor (KC0331); the value before is the before kernel's element at <paramref name="index"/> (NaN if none).</summary>
    public static ConcreteCounterexample? FindOutOfBounds(Kernel before, Kernel after, int output,
        IReadOnlyDictionary<string, long> dims, EqArray<long> index)
    {
        if (!Replayable(after, dims)) return null;
        for (int seed = 0; seed <= RandomFills; seed++)
        {
            var inputs = Inputs(after, dims, [], seed);
            var ra = Interpreter.Run(after, dims, inputs, Precision.Exact);
            var oob = ra.Diagnostics.FirstOrDefault(d => d.Id == IrDiagnosticIds.LoadOutOfBounds);
            if (oob is null) continue;
            double vb = double.NaN;
            var rb = Replayable(before, dims) ? Interpreter.Run(before, dims, inputs, Precision.Exact).Outputs : null;
            var name = after.Outputs[output].Name;
            if (rb is not null && rb.TryGetValue(name, out var tb) && index.Count == tb.Rank && InShape(index, tb.Shape))
                vb = tb[index.ToArray()];
            return new ConcreteCounterexample(dims, name, index, vb, double.NaN, Precision.Exact, [])
            {
                Note = $"the IR after fails: {oob.Id}: {oob.Message}",
                Fill = seed == 0 ? null : FillText(seed),
            };
        }
        return null;
    }

    /// <summary>Dims are complete, valid (≥ 1, where clause) and every tensor has at most MaxElements elements.</summary>
    public static bool Replayable(Kernel k, IReadOnlyDictionary<string, long> dims)
    {
        foreach (var d in k.Dims)
            if (!dims.TryGetValue(d, out var v) || v < 1) return false;
        if (k.Constraints.Any(c => !c.Holds(dims[c.Dim]))) return false;
        var shapes = k.Params.Select(p => p.Type.Shape).Concat(k.Body.Select(c => c.Result.Type.Shape));
        foreach (var s in shapes)
            if (!Tensor.TryElementCount(s.Select(e => e.Evaluate(dims)), out var n) || n > MaxElements) return false;
        return true;
    }

    private static Dictionary<string, Tensor> Inputs(Kernel k, IReadOnlyDictionary<string, long> dims,
        IReadOnlyList<CounterexampleInput> given, int seed)
    {
        var rng = new Random(seed);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in k.Params)
        {
            var shape = p.Type.Shape.Select(e => e.Evaluate(dims)).ToImmutableArray();
            var t = Tensor.Zeros(p.DType, shape);
            if (seed > 0)
                for (int e = 0; e < t.Data.Length; e++)
                    t.Data[e] = !p.DType.IsFloat() ? rng.Next(-3, 4)
                        : seed <= DyadicFills ? rng.Next(-16, 17) / 8.0
                        : FloatFormat.Round(rng.NextDouble() * 4 - 2, p.DType, RoundingMode.NearestEven);
            foreach (var g in given)
                if (g.Tensor == p.Name && g.Index.Count == shape.Length && InShape(g.Index, shape))
                    t.Data[t.Offset(g.Index.ToArray())] = Representable(g.Value, p.DType);
            result[p.Name] = t;
        }
        return result;
    }

    /// <summary>A model value as an element of dtype t: floats rounded to nearest even, integers saturated.</summary>
    public static double Representable(double v, DType t) => t.IsFloat()
        ? FloatFormat.Round(v, t, RoundingMode.NearestEven)
        : FloatFormat.ToInteger(v, t, RoundingMode.TowardZero);

    private static ConcreteCounterexample Counterexample(ReplayRequest q, string output, EqArray<long> at, double vb,
        double va, Precision precision, Dictionary<string, Tensor> inputs, int seed)
    {
        long total = inputs.Values.Sum(t => t.Length);
        List<CounterexampleInput> listed;
        string? fill = null;
        if (seed > 0 && total <= 32)
            listed = q.Before.Params.SelectMany(p => Elements(p.Name, inputs[p.Name])).ToList();
        else
        {
            listed = q.Inputs.Select(g => g with { Value = Representable(g.Value, DTypeOf(q.Before, g.Tensor)) })
                .Where(g => BitConverter.DoubleToInt64Bits(g.Value) != 0).Distinct().ToList();
            if (seed > 0) fill = FillText(seed);
        }
        return new ConcreteCounterexample(q.Dims, output, at, vb, va, precision, listed) { Fill = fill };
    }

    private static IEnumerable<CounterexampleInput> Elements(string name, Tensor t)
    {
        var idx = new long[t.Rank];
        for (long off = 0; off < t.Length; off++)
        {
            if (BitConverter.DoubleToInt64Bits(t.Data[off]) != 0) yield return new CounterexampleInput(name, idx.ToEqArray(), t.Data[off]);
            for (int a = t.Rank - 1; a >= 0 && ++idx[a] == t.Shape[a]; a--) idx[a] = 0;
        }
    }

    private static DType DTypeOf(Kernel k, string param) => k.Params.First(p => p.Name == param).DType;

    private static string FillText(int seed) => seed <= DyadicFills
        ? $"from a seeded random fill (seed {seed}: multiples of 1/8 in [-2, 2])"
        : $"from a seeded random fill (seed {seed}: uniform in [-2, 2) at the full precision of the dtype)";

    private static EqArray<long>? FirstDifference(Tensor b, Tensor a)
    {
        var idx = new long[b.Rank];
        for (long off = 0; off < b.Length; off++)
        {
            if (!Same(b.Data[off], a.Data[off])) return idx.ToEqArray();
            for (int k = b.Rank - 1; k >= 0 && ++idx[k] == b.Shape[k]; k--) idx[k] = 0;
        }
        return null;
    }

    private static bool InShape(EqArray<long> ix, ImmutableArray<long> shape)
    {
        for (int j = 0; j < shape.Length; j++)
            if (ix[j] < 0 || ix[j] >= shape[j]) return false;
        return true;
    }

    /// <summary>Differ by more than <see cref="RealsMargin"/> relative to the larger magnitude (at least 1), or one
    /// is NaN/infinite and the other is not the same value.</summary>
    public static bool FarApart(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y)) return !Same(x, y);
        return Math.Abs(x - y) > RealsMargin * Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y)));
    }

    /// <summary>Bit identity, with every NaN equal to every NaN.</summary>
    public static bool Same(double x, double y) =>
        (double.IsNaN(x) && double.IsNaN(y)) || BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
}
