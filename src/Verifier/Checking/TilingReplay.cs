using System.Collections.Immutable;
using KernelC.IR;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Checking;

/// <summary>Concrete replay for the tiling rule: both kernels run in the reference interpreter at small dims (each dim
/// 1, 2, 3, 5, 17 or 33 when its where clause allows, else its smallest valid value), with zero, seeded dyadic
/// (multiples of 1/8 in [−2, 2]) and all-negative dyadic inputs. A solver model becomes Refuted only when such a run
/// shows it: for bit-exact claims any output bits differ (NaN = NaN); for claims in the reals the outputs differ by
/// more than 2^-10 relatively — far beyond the rounding of a regrouped f32 sum at these sizes, so regrouping noise
/// never counts; for in-bounds claims the interpreter reports KC0331 in the IR after.</summary>
internal sealed class TilingReplay(Kernel before, Kernel after, TilingReplay.Mode mode) : IRefutationCheck
{
    public enum Mode { BitExact, Reals, InBounds }

    private static readonly long[] Sizes = [1, 2, 3, 5, 17, 33];
    private static readonly double Margin = Math.Pow(2, -10);

    public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
    {
        foreach (var v in Sizes)
        {
            var dims = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var d in after.Dims)
                dims[d] = after.Constraints.Where(c => c.Dim == d).All(c => c.Holds(v)) ? v : SymbolicReplay.SmallestValid(after, d) ?? v;
            if (!Replayer.Replayable(before, dims) || !Replayable(after, dims)) continue;
            for (int fill = 0; fill <= 4; fill++)
            {
                var inputs = Inputs(dims, fill);
                var ra = Interpreter.Run(after, dims, inputs, Precision.Exact);
                if (mode == Mode.InBounds)
                {
                    if (ra.Diagnostics.FirstOrDefault(x => x.Id == IrDiagnosticIds.LoadOutOfBounds) is { } oob)
                        return (refuted, new ConcreteCounterexample(dims, after.Outputs[0].Name, EqArray<long>.Empty, double.NaN, double.NaN,
                            Precision.Exact, []) { Note = $"the IR after fails: {oob.Id}: {oob.Message}", Fill = FillText(fill) }, TimeSpan.Zero);
                    continue;
                }
                var rb = Interpreter.Run(before, dims, inputs, Precision.Exact);
                if (ra.Outputs is null || rb.Outputs is null) continue;
                foreach (var o in after.Outputs)
                {
                    var (tb, ta) = (rb.Outputs[o.Name], ra.Outputs[o.Name]);
                    for (int e = 0; e < tb.Data.Length; e++)
                    {
                        double xb = tb.Data[e], xa = ta.Data[e];
                        if (mode == Mode.BitExact ? Replayer.Same(xb, xa) : !FarApart(xb, xa)) continue;
                        return (refuted, new ConcreteCounterexample(dims, o.Name, Unravel(e, tb.Shape), xb, xa, Precision.Exact, [])
                            { Fill = FillText(fill) }, TimeSpan.Zero);
                    }
                }
            }
        }
        return Replays.NotReplayed("no difference at the replay sizes", TimeSpan.Zero);
    }

    private static bool Replayable(Kernel k, Dictionary<string, long> dims) =>
        k.Dims.All(dims.ContainsKey) && k.Constraints.All(c => c.Holds(dims[c.Dim]))
        && k.Params.All(p => Tensor.TryElementCount(p.Type.Shape.Select(e => e.Evaluate(dims)), out var n) && n <= 1 << 16);

    private static bool FarApart(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) return double.IsNaN(x) != double.IsNaN(y);
        if (double.IsInfinity(x) || double.IsInfinity(y)) return x != y;
        return Math.Abs(x - y) > Margin * Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y)));
    }

    private static string? FillText(int fill) => fill switch
    {
        0 => null, 4 => "inputs: all-negative multiples of 1/8 in [-2, -1/8] (seed 4)",
        _ => $"inputs: seeded random multiples of 1/8 in [-2, 2] (seed {fill})",
    };

    private Dictionary<string, Tensor> Inputs(Dictionary<string, long> dims, int fill)
    {
        var rng = new Random(fill);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in before.Params)
        {
            var t = Tensor.Zeros(p.DType, p.Type.Shape.Select(e => e.Evaluate(dims)).ToImmutableArray());
            if (fill > 0)
                for (int e = 0; e < t.Data.Length; e++)
                    t.Data[e] = fill == 4 ? -rng.Next(1, 17) / 8.0 : rng.Next(-16, 17) / 8.0;
            result[p.Name] = t;
        }
        return result;
    }

    private static EqArray<long> Unravel(long offset, ImmutableArray<long> shape)
    {
        var idx = new long[shape.Length];
        for (int j = shape.Length - 1; j >= 0; j--) { idx[j] = offset % shape[j]; offset /= shape[j]; }
        return idx.ToEqArray();
    }
}
