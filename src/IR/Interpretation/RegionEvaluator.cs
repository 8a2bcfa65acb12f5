namespace KernelC.IR;

/// <summary>Evaluates a region (a compute body) at concrete index values over any number domain. Index-typed
/// values (index variables, dim, index arithmetic, casts to index) are computed concretely as long (two's
/// complement); every other scalar goes through <see cref="OpSemantics.Eval{T}"/>, the one definition of op
/// meaning. Reduce folds its body in row-major increasing order from OpSemantics.Identity with
/// OpSemantics.Combine. Values are resolved to slots once at construction. Not thread-safe (one instance per
/// thread).</summary>
public sealed class RegionEvaluator<T>
{
    private readonly INumberDomain<T> _d;
    private readonly ITensorReader<T> _reader;
    private readonly Func<T, long>? _toIndex;
    private readonly T[] _v;
    private readonly long[] _ix;
    private readonly int[] _indexSlots;
    private readonly EvalStep[] _steps;
    private readonly int _yield;
    private readonly bool _yieldIsIndex;
    private readonly DType _yieldType;
    private readonly long[] _loadBuf;
    private readonly T[] _argBuf = new T[3];
    private readonly DType[] _typeBuf = new DType[3];

    /// <param name="toIndex">Turns a domain value into a concrete integer; needed only when a domain value
    /// flows into an index (a cast to index, a load of an index tensor, a select between index values).</param>
    public RegionEvaluator(Region region, INumberDomain<T> domain, ITensorReader<T> reader,
        IReadOnlyDictionary<string, long> dims, Func<T, long>? toIndex = null)
    {
        _d = domain;
        _reader = reader;
        _toIndex = toIndex;
        var c = new EvalCompiler(dims, toIndex is not null);
        _indexSlots = region.Indices.Select(iv => c.DefineIndex(iv.Var)).ToArray();
        _steps = c.CompileBody(region.Body);
        (_yield, _yieldIsIndex) = c.Slot(region.Yield);
        _yieldType = region.Yield.DType;
        _v = new T[c.ValueSlots];
        _ix = new long[c.IndexSlotCount];
        _loadBuf = new long[c.MaxLoadRank];
    }

    public int Rank => _indexSlots.Length;

    /// <summary>The region's yield at the given index values (one per index variable, in order). An index-typed
    /// yield is returned as domain.Const(value, Index).</summary>
    public T Evaluate(ReadOnlySpan<long> indexValues)
    {
        if (indexValues.Length != _indexSlots.Length) throw new ArgumentException($"expected {_indexSlots.Length} index values");
        for (int k = 0; k < _indexSlots.Length; k++) _ix[_indexSlots[k]] = indexValues[k];
        Run(_steps);
        return _yieldIsIndex ? _d.Const(_ix[_yield], DType.Index) : _v[_yield];
    }

    private void Run(EvalStep[] steps)
    {
        foreach (var s in steps)
        {
            switch (s.Kind)
            {
                case EvalKind.Scalar:
                    for (int a = 0; a < s.Args.Length; a++) { _argBuf[a] = _v[s.Args[a]]; _typeBuf[a] = s.ArgTypes[a]; }
                    _v[s.Result] = OpSemantics.Eval(_d, s.Op, s.Attrs, _argBuf.AsSpan(0, s.Args.Length),
                        _typeBuf.AsSpan(0, s.Args.Length), s.ResultType);
                    break;
                case EvalKind.IndexConst:
                    _ix[s.Result] = s.Number;
                    break;
                case EvalKind.IndexOp:
                    _ix[s.Result] = IndexOp(s);
                    break;
                case EvalKind.IndexCmp:
                    _v[s.Result] = _d.Const(IndexCompare(s.Attrs.Pred, _ix[s.Args[0]], _ix[s.Args[1]]) ? 1.0 : 0.0, DType.Bool);
                    break;
                case EvalKind.IndexToT:
                {
                    long x = _ix[s.Args[0]];
                    // index -> float goes through f64 (exact below 2^53); index -> i32/i8 wraps
                    _v[s.Result] = s.ResultType.IsFloat()
                        ? _d.Convert(_d.Const(x, DType.F64), DType.F64, s.ResultType, s.Attrs.Rounding)
                        : _d.Const(FloatFormat.Wrap(x, s.ResultType), s.ResultType);
                    break;
                }
                case EvalKind.TToIndex:
                    _ix[s.Result] = _toIndex!(_d.Convert(_v[s.Args[0]], s.ArgTypes[0], DType.Index, s.Attrs.Rounding));
                    break;
                case EvalKind.Load:
                {
                    int rank = s.Args.Length;
                    for (int a = 0; a < rank; a++) _loadBuf[a] = _ix[s.Args[a]];
                    T x = _reader.Load(s.Tensor!, _loadBuf.AsSpan(0, rank));
                    if (s.ResultType == DType.Index) _ix[s.Result] = _toIndex!(x); else _v[s.Result] = x;
                    break;
                }
                case EvalKind.Reduce:
                    RunReduce(s);
                    break;
            }
        }
    }

    private long IndexOp(EvalStep s)
    {
        long a = s.Args.Length > 0 && s.ArgIsIndex[0] ? _ix[s.Args[0]] : 0;
        long b = s.Args.Length > 1 ? _ix[s.Args[1]] : 0;
        return s.Op switch
        {
            Opcode.Add => unchecked(a + b),
            Opcode.Sub => unchecked(a - b),
            Opcode.Mul => unchecked(a * b),
            Opcode.Neg => unchecked(-a),
            Opcode.Abs => a < 0 ? unchecked(-a) : a,
            Opcode.Max => Math.Max(a, b),
            Opcode.Min => Math.Min(a, b),
            Opcode.Cast => a, // index -> index
            Opcode.Select => _toIndex!(_v[s.Args[0]]) != 0 ? _ix[s.Args[1]] : _ix[s.Args[2]],
            _ => throw new InvalidOperationException($"{s.Op.Mnemonic()} on index values"),
        };
    }

    private static bool IndexCompare(CmpPred p, long a, long b) => p switch
    {
        CmpPred.Lt => a < b, CmpPred.Le => a <= b, CmpPred.Gt => a > b,
        CmpPred.Ge => a >= b, CmpPred.Eq => a == b, CmpPred.Ne => a != b,
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    /// <summary>acc = Identity; for each index tuple in row-major increasing order: acc = Combine(acc, yield).</summary>
    private void RunReduce(EvalStep s)
    {
        var kind = s.Attrs.Reduction;
        int n = s.IndexSlots.Length;
        bool empty = false;
        for (int k = 0; k < n; k++) { _ix[s.IndexSlots[k]] = 0; empty |= s.Extents[k] <= 0; }
        if (s.ResultType == DType.Index)
        {
            long acc = kind switch { ReduceKind.Sum => 0, ReduceKind.Max => long.MinValue, _ => long.MaxValue };
            while (!empty)
            {
                Run(s.Body);
                long x = _ix[s.YieldSlot];
                acc = kind switch { ReduceKind.Sum => unchecked(acc + x), ReduceKind.Max => Math.Max(acc, x), _ => Math.Min(acc, x) };
                empty = !Advance(s);
            }
            _ix[s.Result] = acc;
            return;
        }
        T accT = OpSemantics.Identity(_d, kind, s.ResultType);
        while (!empty)
        {
            Run(s.Body);
            accT = OpSemantics.Combine(_d, kind, accT, _v[s.YieldSlot], s.ResultType);
            empty = !Advance(s);
        }
        _v[s.Result] = accT;
    }

    /// <summary>Steps the reduce's index tuple (last index fastest); false after the last tuple.</summary>
    private bool Advance(EvalStep s)
    {
        for (int k = s.IndexSlots.Length - 1; k >= 0; k--)
        {
            int slot = s.IndexSlots[k];
            if (++_ix[slot] < s.Extents[k]) return true;
            _ix[slot] = 0;
        }
        return false;
    }
}
