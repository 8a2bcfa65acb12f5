using System.Collections.Immutable;
using KernelC.IR;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Checking;

/// <summary>When an invariant obligation is not proved, run the source and the loop kernel concretely with the
/// reference interpreter in binary64 at the smallest dimensions the where clause allows (seeded full-precision
/// inputs in [-2, 2)). Only a difference above <see cref="Margin"/> of the largest output magnitude makes the
/// verdict Refuted — the claim is equality in real arithmetic, and outputs are stored rounded to their f32 dtype,
/// which moves an element by at most 2^-24 of its magnitude; 2^-20 is sixteen times that. Otherwise the
/// obligation stays Unknown, naming the failed case.</summary>
internal sealed class InvariantReplay(Kernel before, Kernel after) : IRefutationCheck
{
    public static readonly double Margin = Math.Pow(2, -20);
    private const int Seeds = 3;

    public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
    {
        var dims = SmallestDims(after);
        if (dims is null) return Replays.NotReplayed("no small dimensions satisfy the where clause", TimeSpan.Zero);
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var inputs = Inputs(before, dims, seed);
            var b = Interpreter.Run(before, dims, inputs, Precision.F64).Outputs;
            var a = Interpreter.Run(after, dims, inputs, Precision.F64).Outputs;
            if (b is null || a is null) continue;
            var name = before.Outputs[0].Name;
            var tb = b[name];
            var ta = a[after.Outputs[0].Name];
            double scale = tb.Data.Length == 0 ? 0 : tb.Data.Max(Math.Abs);
            for (long off = 0; off < tb.Length; off++)
            {
                double x = tb.Data[off], y = ta.Data[off];
                bool differs = double.IsFinite(x) && double.IsFinite(y) ? Math.Abs(x - y) > Margin * Math.Max(scale, double.Epsilon)
                    : !Replayer.Same(x, y);
                if (!differs) continue;
                var cex = new ConcreteCounterexample(dims, name, IndexOf(off, tb.Shape), x, y, Precision.F64, [])
                {
                    Fill = $"from a seeded random fill (seed {seed}: uniform in [-2, 2) at full precision)",
                    Note = $"whole kernels replayed in binary64: the difference exceeds 2^-20 of the largest output magnitude ({scale:G6})",
                };
                return (refuted, cex, TimeSpan.Zero);
            }
        }
        return Replays.NotReplayed("the loop kernel agrees with the source on seeded inputs at the smallest sizes", TimeSpan.Zero);
    }

    /// <summary>Per dimension the smallest value in [1, 4096] its constraints allow, or null.</summary>
    public static Dictionary<string, long>? SmallestDims(Kernel k)
    {
        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var d in k.Dims)
        {
            long v = 1;
            while (v <= 4096 && !k.Constraints.Where(c => c.Dim == d).All(c => c.Holds(v))) v++;
            if (v > 4096) return null;
            dims[d] = v;
        }
        return dims;
    }

    private static Dictionary<string, Tensor> Inputs(Kernel k, IReadOnlyDictionary<string, long> dims, int seed)
    {
        var rng = new Random(seed);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in k.Params)
        {
            var t = Tensor.Zeros(p.DType, p.Type.Shape.Select(e => e.Evaluate(dims)).ToImmutableArray());
            for (int e = 0; e < t.Data.Length; e++)
                t.Data[e] = p.DType.IsFloat() ? FloatFormat.Round(rng.NextDouble() * 4 - 2, p.DType, RoundingMode.NearestEven) : rng.Next(-3, 4);
            result[p.Name] = t;
        }
        return result;
    }

    private static EqArray<long> IndexOf(long offset, ImmutableArray<long> shape)
    {
        var ix = new long[shape.Length];
        for (int j = shape.Length - 1; j >= 0; j--) { ix[j] = offset % shape[j]; offset /= shape[j]; }
        return ix.ToEqArray();
    }
}
