namespace KernelC.IR;

/// <summary>Evaluates a region (a compute body, or a parallel body yielding a tile) at concrete index values over
/// any number domain. Index-typed values (index variables, loop indices, dim, index arithmetic, casts to index) are
/// computed concretely as long (two's complement); every other scalar goes through
/// <see cref="OpSemantics.Eval{T}"/>, the one definition of op meaning. Reduce folds its body in row-major
/// increasing order (index k takes 0, s, 2s, ... below its extent) from OpSemantics.Identity with
/// OpSemantics.Combine. A local compute is a fresh T[] (row-major) each time it runs; for runs its body
/// sequentially, carrying scalars and local tensors (tensors are never mutated once built, so carrying one is
/// sharing it). Values are resolved to slots once at construction. Not thread-safe (one instance per thread).</summary>
public sealed class RegionEvaluator<T>
{
    private readonly INumberDomain<T> _d;
    private readonly ITensorReader<T> _reader;
    private readonly Func<T, long>? _toIndex;
    private readonly T[] _v;
    private readonly long[] _ix;
    private readonly T[][] _t;
    private readonly int[] _indexSlots;
    private readonly EvalStep[] _steps;
    private readonly SlotRef _yield;
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
        _yield = c.Ref(region.Yield);
        _v = new T[c.ValueSlots];
        _ix = new long[c.IndexSlotCount];
        _t = new T[c.TensorSlots][];
        _loadBuf = new long[c.MaxLoadRank];
    }

    public int Rank => _indexSlots.Length;

    /// <summary>The first load of a local tensor outside its shape (it read NaN, or 0 for integers), if any.</summary>
    public string? OutOfBounds { get; private set; }

    /// <summary>The region's scalar yield at the given index values (one per index variable, in order). An
    /// index-typed yield is returned as domain.Const(value, Index).</summary>
    public T Evaluate(ReadOnlySpan<long> indexValues)
    {
        Enter(indexValues);
        return _yield.Kind switch
        {
            SlotKind.Index => _d.Const(_ix[_yield.Slot], DType.Index),
            SlotKind.Value => _v[_yield.Slot],
            _ => throw new InvalidOperationException("the region yields a tensor: use EvaluateTile"),
        };
    }

    /// <summary>The region's tensor yield (a parallel's tile, row-major) at the given index values. The array is
    /// owned by the caller from now on: the evaluator never writes to it again.</summary>
    public T[] EvaluateTile(ReadOnlySpan<long> indexValues)
    {
        Enter(indexValues);
        return _yield.Kind == SlotKind.Tensor ? _t[_yield.Slot] : throw new InvalidOperationException("the region yields a scalar: use Evaluate");
    }

    private void Enter(ReadOnlySpan<long> indexValues)
    {
        if (indexValues.Length != _indexSlots.Length) throw new ArgumentException($"expected {_indexSlots.Length} index values");
        for (int k = 0; k < _indexSlots.Length; k++) _ix[_indexSlots[k]] = indexValues[k];
        Run(_steps);
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
                    Store(s, _reader.Load(s.Tensor!, _loadBuf.AsSpan(0, rank)));
                    break;
                }
                case EvalKind.LoadLocal:
                    Store(s, LoadLocal(s));
                    break;
                case EvalKind.Reduce:
                    RunReduce(s);
                    break;
                case EvalKind.Compute:
                    RunCompute(s);
                    break;
                case EvalKind.For:
                    RunFor(s);
                    break;
            }
        }
    }

    private void Store(EvalStep s, T x)
    {
        if (s.ResultType == DType.Index) _ix[s.Result] = _toIndex!(x); else _v[s.Result] = x;
    }

    /// <summary>Row-major offset into the local tensor; outside its shape: recorded, reads NaN (0 for integers).</summary>
    private T LoadLocal(EvalStep s)
    {
        var data = _t[s.TensorSlot];
        long off = 0;
        for (int k = 0; k < s.Shape.Length; k++)
        {
            long i = _ix[s.Args[k]];
            if ((ulong)i >= (ulong)s.Shape[k])
            {
                OutOfBounds ??= $"load of {s.Tensor}[{string.Join(", ", s.Args.Select(a => _ix[a]))}] is outside its shape [{string.Join(", ", s.Shape)}]";
                return _d.Const(s.ResultType.IsFloat() ? double.NaN : 0, s.ResultType);
            }
            off = off * s.Shape[k] + i;
        }
        return data[off];
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
        bool more = Start(s);
        if (s.ResultType == DType.Index)
        {
            long acc = kind switch { ReduceKind.Sum => 0, ReduceKind.Max => long.MinValue, _ => long.MaxValue };
            while (more)
            {
                Run(s.Body);
                long x = _ix[s.YieldSlot];
                acc = kind switch { ReduceKind.Sum => unchecked(acc + x), ReduceKind.Max => Math.Max(acc, x), _ => Math.Min(acc, x) };
                more = Advance(s);
            }
            _ix[s.Result] = acc;
            return;
        }
        T accT = OpSemantics.Identity(_d, kind, s.ResultType);
        while (more)
        {
            Run(s.Body);
            accT = OpSemantics.Combine(_d, kind, accT, _v[s.YieldSlot], s.ResultType);
            more = Advance(s);
        }
        _v[s.Result] = accT;
    }

    /// <summary>A local tensor: element [i..] = the body's yield at (i..), stored row-major in a fresh array.</summary>
    private void RunCompute(EvalStep s)
    {
        var data = new T[s.Size];
        bool more = Start(s);
        for (long off = 0; more; off++)
        {
            Run(s.Body);
            data[off] = s.YieldIsIndex ? _d.Const(_ix[s.YieldSlot], DType.Index) : _v[s.YieldSlot];
            more = Advance(s);
        }
        _t[s.Result] = data;
    }

    /// <summary>carried := inits; for kb = 0, step, ... while kb &lt; bound: body, then carried := next (all at once);
    /// results := carried.</summary>
    private void RunFor(EvalStep s)
    {
        int n = s.Carried.Length;
        for (int k = 0; k < n; k++) Copy(s.Inits[k], s.Carried[k]);
        long bound = _ix[s.BoundSlot];
        var tv = n > 0 ? new T[n] : [];
        var tix = n > 0 ? new long[n] : [];
        var tt = n > 0 ? new T[n][] : [];
        for (long kb = 0; kb < bound; kb += s.LoopStep)
        {
            _ix[s.LoopIndexSlot] = kb;
            Run(s.Body);
            // read every next value before writing any carried param: next may name carried params
            for (int k = 0; k < n; k++)
            {
                var x = s.Next[k];
                switch (x.Kind)
                {
                    case SlotKind.Value: tv[k] = _v[x.Slot]; break;
                    case SlotKind.Index: tix[k] = _ix[x.Slot]; break;
                    default: tt[k] = _t[x.Slot]; break;
                }
            }
            for (int k = 0; k < n; k++)
            {
                var c = s.Carried[k];
                switch (c.Kind)
                {
                    case SlotKind.Value: _v[c.Slot] = tv[k]; break;
                    case SlotKind.Index: _ix[c.Slot] = tix[k]; break;
                    default: _t[c.Slot] = tt[k]; break;
                }
            }
            if (kb > long.MaxValue - s.LoopStep) break;
        }
        for (int k = 0; k < n; k++) Copy(s.Carried[k], s.Results[k]);
    }

    private void Copy(SlotRef from, SlotRef to)
    {
        switch (to.Kind)
        {
            case SlotKind.Value: _v[to.Slot] = _v[from.Slot]; break;
            case SlotKind.Index: _ix[to.Slot] = _ix[from.Slot]; break;
            default: _t[to.Slot] = _t[from.Slot]; break;
        }
    }

    /// <summary>Sets every index of the step to 0; false when the index set is empty.</summary>
    private bool Start(EvalStep s)
    {
        bool any = true;
        for (int k = 0; k < s.IndexSlots.Length; k++) { _ix[s.IndexSlots[k]] = 0; any &= s.Extents[k] > 0; }
        return any;
    }

    /// <summary>Steps the index tuple (last index fastest, each by its step); false after the last tuple.</summary>
    private bool Advance(EvalStep s)
    {
        for (int k = s.IndexSlots.Length - 1; k >= 0; k--)
        {
            int slot = s.IndexSlots[k];
            if (_ix[slot] < s.Extents[k] - s.Steps[k]) { _ix[slot] += s.Steps[k]; return true; }
            _ix[slot] = 0;
        }
        return false;
    }
}
