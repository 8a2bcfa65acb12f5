namespace KernelC.IR;

/// <summary>Evaluates a whole kernel's top level at concrete dims over any number domain: the interpreter runs it
/// over IeeeDomain, the checker's bounded rule over symbolic terms. Tensors are row-major T[]; inputs are set
/// first, then the top-level instructions run in order:
///  - compute: t[i..] = region(i..) for every index tuple;
///  - parallel: for every tile origin v (v_k = 0, s_k, 2s_k, ... &lt; extent_k) the region yields a tile of shape
///    s; result[v_0 + t_0, ...] = tile(v)[t_0, ...] for every t with v_k + t_k &lt; extent_k (a partial last tile is
///    truncated). Every element is written by exactly one tile (the origins are disjoint multiples of the steps).
/// It is its own <see cref="ITensorReader{T}"/>: a load outside a tensor is recorded (first one, with the
/// instruction that made it) and reads NaN (0 for integers).</summary>
public sealed class KernelEvaluator<T> : ITensorReader<T>
{
    private readonly Kernel _k;
    private readonly INumberDomain<T> _d;
    private readonly IReadOnlyDictionary<string, long> _dims;
    private readonly Func<T, long>? _toIndex;
    private readonly Dictionary<string, (T[] Data, long[] Shape)> _tensors = new(StringComparer.Ordinal);

    public KernelEvaluator(Kernel kernel, INumberDomain<T> domain, IReadOnlyDictionary<string, long> dims, Func<T, long>? toIndex = null)
    {
        _k = kernel;
        _d = domain;
        _dims = dims;
        _toIndex = toIndex;
    }

    /// <summary>"%instr: load of ... is outside ..." for the first out-of-bounds load, if any.</summary>
    public string? OutOfBounds { get; private set; }

    private string? _current;

    /// <summary>Sets a parameter's elements (row-major, its declared shape at these dims).</summary>
    public void SetInput(Value param, T[] data) => _tensors[param.Name] = (data, Shape(param));

    public long[] Shape(Value v) => v.Type.Shape.Select(e => e.Evaluate(_dims)).ToArray();

    /// <summary>Runs the top level in order; with <paramref name="stopAtOutOfBounds"/> it stops after the first
    /// instruction that loaded outside a tensor. Returns false when it stopped.</summary>
    public bool Run(bool stopAtOutOfBounds = true)
    {
        foreach (var c in _k.Body)
        {
            _current = c.Result.Name;
            var (data, shape, eval) = c.Op == Opcode.Parallel ? RunParallel(c) : RunCompute(c);
            if (OutOfBounds is null && eval.OutOfBounds is { } local) OutOfBounds = $"%{c.Result.Name}: {local}";
            _tensors[c.Result.Name] = (data, shape);
            if (stopAtOutOfBounds && OutOfBounds is not null) return false;
        }
        return true;
    }

    /// <summary>A tensor by value name (a parameter or a top-level result), row-major.</summary>
    public (T[] Data, long[] Shape) Tensor(string name) => _tensors[name];

    /// <summary>The arrays returned for each output, in output order.</summary>
    public IEnumerable<(Value Output, T[] Data, long[] Shape)> Outputs() =>
        _k.Outputs.Select((o, i) => { var (d, s) = _tensors[_k.Returns[i].Name]; return (o, d, s); });

    private (T[], long[], RegionEvaluator<T>) RunCompute(Instr c)
    {
        var region = c.Body!;
        var shape = region.Indices.Select(iv => iv.Extent.Evaluate(_dims)).ToArray();
        var data = new T[shape.Aggregate(1L, (a, b) => a * b)];
        var eval = new RegionEvaluator<T>(region, _d, this, _dims, _toIndex);
        var idx = new long[shape.Length];
        for (long off = 0; off < data.Length; off++)
        {
            data[off] = eval.Evaluate(idx);
            // row-major successor of idx (last index fastest)
            for (int a = shape.Length - 1; a >= 0 && ++idx[a] == shape[a]; a--) idx[a] = 0;
        }
        return (data, shape, eval);
    }

    private (T[], long[], RegionEvaluator<T>) RunParallel(Instr p)
    {
        var region = p.Body!;
        int rank = region.Indices.Count;
        var shape = region.Indices.Select(iv => iv.Extent.Evaluate(_dims)).ToArray();
        var steps = region.Indices.Select(iv => (iv.Step ?? Dim.Of(1)).Evaluate(_dims)).ToArray();
        var data = new T[shape.Aggregate(1L, (a, b) => a * b)];
        var eval = new RegionEvaluator<T>(region, _d, this, _dims, _toIndex);
        var origin = new long[rank];
        var t = new long[rank];
        if (shape.Any(e => e <= 0)) return (data, shape, eval);
        while (true)
        {
            var tile = eval.EvaluateTile(origin);
            // tile element t (row-major in the steps) goes to origin + t when inside the result
            Array.Clear(t);
            for (long off = 0; off < tile.Length; off++)
            {
                long dst = 0;
                bool inside = true;
                for (int a = 0; a < rank; a++)
                {
                    long x = origin[a] + t[a];
                    inside &= x < shape[a];
                    dst = dst * shape[a] + x;
                }
                if (inside) data[dst] = tile[off];
                for (int a = rank - 1; a >= 0 && ++t[a] == steps[a]; a--) t[a] = 0;
            }
            int k = rank - 1;
            for (; k >= 0; k--)
            {
                if (origin[k] < shape[k] - steps[k]) { origin[k] += steps[k]; break; }
                origin[k] = 0;
            }
            if (k < 0) break;
        }
        return (data, shape, eval);
    }

    public T Load(Value tensor, ReadOnlySpan<long> index)
    {
        var (data, shape) = _tensors.TryGetValue(tensor.Name, out var x) ? x
            : throw new InvalidOperationException($"no tensor {tensor} (verify the IR first)");
        long off = 0;
        for (int k = 0; k < shape.Length; k++)
        {
            if ((ulong)index[k] >= (ulong)shape[k])
            {
                OutOfBounds ??= $"%{_current}: load of {tensor}[{string.Join(", ", index.ToArray())}] is outside its shape [{string.Join(", ", shape)}]";
                return _d.Const(tensor.DType.IsFloat() ? double.NaN : 0, tensor.DType);
            }
            off = off * shape[k] + index[k];
        }
        return data[off];
    }
}
