using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Checking;

/// <summary>Evaluates a whole kernel at concrete dims over <see cref="FloatDomain"/> with the IR's own
/// <see cref="KernelEvaluator{T}"/>: every input element is a fresh constant in_&lt;p&gt;_&lt;offset&gt; (row-major), the
/// computes and parallels run in order, each element a term. A load outside its tensor is recorded (first one) and reads NaN (0
/// for integers), like the reference interpreter, which refuses the run.</summary>
internal sealed class BoundedEvaluator
{
    private readonly FloatDomain _d = new();

    public string? OutOfBounds { get; private set; }

    public static SmtConst InputConst(Value p, long offset) =>
        Terms.Const($"in_{p.Name}_{offset}", FloatDomain.SortOf(p.DType));

    /// <summary>Outputs by output name (row-major terms). Throws NotSupportedException when a float value flows
    /// into an index (no concretizer for symbolic values). Loop-level kernels (parallel, for, local tensors) run
    /// through the IR's own <see cref="KernelEvaluator{T}"/>.</summary>
    public Dictionary<string, Term[]> Run(Kernel k, IReadOnlyDictionary<string, long> dims, List<SmtConst> inputs)
    {
        var eval = new KernelEvaluator<Term>(k, _d, dims);
        foreach (var p in k.Params)
        {
            var data = new Term[eval.Shape(p).Aggregate(1L, (a, b) => a * b)];
            for (long e = 0; e < data.Length; e++)
            {
                var c = InputConst(p, e);
                data[e] = c;
                if (!inputs.Contains(c)) inputs.Add(c);
            }
            eval.SetInput(p, data);
        }
        eval.Run(stopAtOutOfBounds: false);
        OutOfBounds = eval.OutOfBounds;
        var outputs = new Dictionary<string, Term[]>(StringComparer.Ordinal);
        foreach (var (o, data, _) in eval.Outputs()) outputs[o.Name] = data;
        return outputs;
    }
}
