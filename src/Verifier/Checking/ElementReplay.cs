using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>Concrete evaluation of ONE output element with the IR's own <see cref="RegionEvaluator{T}"/> over
/// <see cref="IeeeDomain"/> — the reference interpreter's semantics (same domain, same evaluator, outputs rounded to
/// nearest even on store, intermediates kept as computed) — but lazy: only the intermediate elements the output
/// element needs are computed. So a kernel whose OTHER elements load out of bounds (which the interpreter refuses
/// as a whole) can still be compared where it is defined. An element that itself reads out of bounds is null.</summary>
internal sealed class ElementReplay : ITensorReader<double>
{
    private readonly Dictionary<string, (double[] Data, long[] Shape)> _params = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RegionEvaluator<double> Eval, long[] Shape, Dictionary<long, double> Cache)> _computes =
        new(StringComparer.Ordinal);
    private readonly Kernel _k;
    private bool _outOfBounds;

    public ElementReplay(Kernel k, IReadOnlyDictionary<string, long> dims, IReadOnlyDictionary<string, Tensor> inputs, Precision precision)
    {
        _k = k;
        var domain = precision == Precision.Exact ? IeeeDomain.Exact : IeeeDomain.F64;
        foreach (var p in k.Params) _params[p.Name] = (inputs[p.Name].Data, inputs[p.Name].Shape.ToArray());
        foreach (var c in k.Body)
            _computes[c.Result.Name] = (new RegionEvaluator<double>(c.Body!, domain, this, dims, x => (long)x),
                c.Result.Type.Shape.Select(e => e.Evaluate(dims)).ToArray(), new Dictionary<long, double>());
    }

    /// <summary>Output element as stored (rounded to its dtype; unrounded when <paramref name="round"/> is false),
    /// or null when computing it reads out of bounds.</summary>
    public double? Output(int output, EqArray<long> index, bool round = true)
    {
        _outOfBounds = false;
        var decl = _k.Outputs[output];
        double v = Load(_k.Returns[output], index.ToArray());
        if (_outOfBounds) return null;
        return decl.DType.IsFloat() && round ? FloatFormat.Round(v, decl.DType, RoundingMode.NearestEven) : v;
    }

    public double Load(Value tensor, ReadOnlySpan<long> index)
    {
        long[] shape = _params.TryGetValue(tensor.Name, out var p) ? p.Shape : _computes[tensor.Name].Shape;
        long off = 0;
        for (int j = 0; j < shape.Length; j++)
        {
            if ((ulong)index[j] >= (ulong)shape[j]) { _outOfBounds = true; return double.NaN; }
            off = off * shape[j] + index[j];
        }
        if (_params.ContainsKey(tensor.Name)) return p.Data[off];
        var (eval, _, cache) = _computes[tensor.Name];
        if (!cache.TryGetValue(off, out var v)) cache[off] = v = eval.Evaluate(index);
        return v;
    }
}
