using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Checking;

/// <summary>Evaluates a whole kernel at concrete dims over <see cref="FloatDomain"/> with the IR's own
/// <see cref="RegionEvaluator{T}"/>: every input element is a fresh constant in_&lt;p&gt;_&lt;offset&gt; (row-major), the
/// computes run in order, each element a term. A load outside its tensor is recorded (first one) and reads NaN (0
/// for integers), like the reference interpreter, which refuses the run.</summary>
internal sealed class BoundedEvaluator : ITensorReader<Term>
{
    private readonly Dictionary<string, (Term[] Data, long[] Shape, DType Type)> _tensors = new(StringComparer.Ordinal);
    private readonly FloatDomain _d = new();

    public string? OutOfBounds { get; private set; }

    public static SmtConst InputConst(Value p, long offset) =>
        Terms.Const($"in_{p.Name}_{offset}", FloatDomain.SortOf(p.DType));

    /// <summary>Outputs by output name (row-major terms). Throws NotSupportedException when a float value flows
    /// into an index (no concretizer for symbolic values).</summary>
    public Dictionary<string, Term[]> Run(Kernel k, IReadOnlyDictionary<string, long> dims, List<SmtConst> inputs)
    {
        foreach (var p in k.Params)
        {
            var shape = p.Type.Shape.Select(e => e.Evaluate(dims)).ToArray();
            var data = new Term[shape.Aggregate(1L, (a, b) => a * b)];
            for (long e = 0; e < data.Length; e++)
            {
                var c = InputConst(p, e);
                data[e] = c;
                if (!inputs.Contains(c)) inputs.Add(c);
            }
            _tensors[p.Name] = (data, shape, p.DType);
        }
        foreach (var c in k.Body)
        {
            var region = c.Body!;
            var shape = region.Indices.Select(iv => iv.Extent.Evaluate(dims)).ToArray();
            var data = new Term[shape.Aggregate(1L, (a, b) => a * b)];
            var eval = new RegionEvaluator<Term>(region, _d, this, dims);
            var idx = new long[shape.Length];
            for (long off = 0; off < data.Length; off++)
            {
                data[off] = eval.Evaluate(idx);
                for (int a = shape.Length - 1; a >= 0 && ++idx[a] == shape[a]; a--) idx[a] = 0;
            }
            _tensors[c.Result.Name] = (data, shape, c.Result.DType);
        }
        var outputs = new Dictionary<string, Term[]>(StringComparer.Ordinal);
        for (int o = 0; o < k.Outputs.Count; o++) outputs[k.Outputs[o].Name] = _tensors[k.Returns[o].Name].Data;
        return outputs;
    }

    public Term Load(Value tensor, ReadOnlySpan<long> index)
    {
        var (data, shape, type) = _tensors[tensor.Name];
        long off = 0;
        for (int k = 0; k < shape.Length; k++)
        {
            if ((ulong)index[k] >= (ulong)shape[k])
            {
                OutOfBounds ??= $"load of {tensor}[{string.Join(", ", index.ToArray())}] is outside [{string.Join(", ", shape)}]";
                return _d.Const(type.IsFloat() ? double.NaN : 0, type);
            }
            off = off * shape[k] + index[k];
        }
        return data[off];
    }
}
