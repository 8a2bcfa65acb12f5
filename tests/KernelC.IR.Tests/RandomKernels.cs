namespace KernelC.IR.Tests;

/// <summary>Random well-typed kernels: random dims and constraints, tensor params, computes whose bodies are
/// random scalar op trees of correct types with nested reduces, loads whose indices stay in bounds (each axis is
/// indexed by a variable ranging over the same extent, or 0), outputs returning some compute results.</summary>
internal sealed class RandomKernels(Random rng)
{
    private static readonly DType[] Storable = [DType.F32, DType.F16, DType.BF16, DType.F64, DType.I32, DType.I8];
    private readonly List<Value> _scope = new();        // scalar values visible here
    private readonly List<IndexVar> _indices = new();   // index variables visible here
    private readonly List<Value> _tensors = new();
    private List<Instr> _out = new();
    private int _next;
    private List<string> _dims = new();

    private string Fresh(string prefix) => prefix + _next++;
    private T Pick<T>(IReadOnlyList<T> xs) => xs[rng.Next(xs.Count)];

    public Kernel Kernel()
    {
        var dims = _dims = new[] { "N", "M", "K" }.Take(rng.Next(0, 4)).ToList();
        var constraints = dims.Where(_ => rng.Next(3) == 0).Select(d => rng.Next(4) switch
        {
            0 => new DimConstraint(d, DimConstraintKind.InSet, EqArray.Of(1L, 2L, 3L)),
            1 => new DimConstraint(d, DimConstraintKind.DivisibleBy, EqArray.Of(1L)),
            2 => new DimConstraint(d, DimConstraintKind.AtLeast, EqArray.Of(1L)),
            _ => new DimConstraint(d, DimConstraintKind.AtMost, EqArray.Of(3L)),
        }).ToList();
        Dim RandomDim() => dims.Count > 0 && rng.Next(3) > 0 ? Dim.Of(Pick(dims)) : Dim.Of(rng.Next(1, 4));
        var parms = new List<Value>();
        for (int p = rng.Next(1, 4); p > 0; p--)
            parms.Add(new Value(Fresh("p"), new ValueType(Pick(Storable), Enumerable.Range(0, rng.Next(0, 3)).Select(_ => RandomDim()).ToEqArray())));
        _tensors.AddRange(parms);
        var body = new List<Instr>();
        for (int c = rng.Next(1, 4); c > 0; c--)
        {
            var ivs = Enumerable.Range(0, rng.Next(0, 3)).Select(_ => new IndexVar(new Value(Fresh("i"), ValueType.Scalar(DType.Index)), RandomDim())).ToList();
            _indices.Clear(); _indices.AddRange(ivs);
            _scope.Clear();
            _out = new List<Instr>();
            var y = Expr(Pick(Storable), 3);
            var result = new Value(Fresh("c"), new ValueType(y.DType, ivs.Select(iv => iv.Extent).ToEqArray()));
            body.Add(new Instr(result, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None, new Region(ivs.ToEqArray(), _out.ToEqArray(), y)));
            _tensors.Add(result);
        }
        var returns = body.Select(b => b.Result).Where(_ => rng.Next(2) == 0).ToList();
        if (returns.Count == 0) returns.Add(body[^1].Result);
        var outputs = returns.Select((r, n) => new Value("out" + n, r.Type)).ToList();
        return new Kernel(Fresh("k"), dims.ToEqArray(), constraints.ToEqArray(), parms.ToEqArray(), outputs.ToEqArray(), body.ToEqArray(), returns.ToEqArray());
    }

    private Value Emit(DType t, Opcode op, InstrAttrs attrs, params Value[] args)
    {
        var v = new Value(Fresh("v"), ValueType.Scalar(t));
        _out.Add(new Instr(v, op, EqArray.Of(args), attrs));
        _scope.Add(v);
        return v;
    }

    private Value Const(DType t)
    {
        double x = t switch
        {
            DType.Bool => rng.Next(2),
            DType.I8 => rng.Next(-128, 128),
            DType.I32 or DType.Index => rng.Next(-1000, 1000),
            _ => rng.Next(8) switch
            {
                0 => double.NegativeInfinity, 1 => -0.0, 2 => double.NaN,
                _ => FloatFormat.Round((rng.NextDouble() - 0.5) * Math.ScaleB(1, rng.Next(-20, 20)), t, RoundingMode.NearestEven),
            },
        };
        return Emit(t, Opcode.Const, InstrAttrs.Const(x));
    }

    private Value IndexValue(Dim extent)
    {
        var match = _indices.Where(iv => iv.Extent == extent).ToList();
        return match.Count > 0 && rng.Next(5) > 0 ? Pick(match).Var : Emit(DType.Index, Opcode.Const, InstrAttrs.Const(0));
    }

    /// <summary>A value of dtype t, built from a random op tree of depth at most depth.</summary>
    private Value Expr(DType t, int depth)
    {
        var existing = _scope.Where(v => v.DType == t).ToList();
        if (t == DType.Index && _indices.Count > 0 && rng.Next(2) == 0) return Pick(_indices).Var;
        if (existing.Count > 0 && rng.Next(4) == 0) return Pick(existing);
        var loadable = _tensors.Where(x => x.DType == t).ToList();
        if (depth <= 0)
        {
            if (loadable.Count > 0 && rng.Next(2) == 0) return Load(Pick(loadable));
            return Const(t);
        }
        int choice = rng.Next(8);
        if (t == DType.Bool)
        {
            return choice switch
            {
                0 => Const(t),
                1 => Emit(t, Opcode.Not, InstrAttrs.None, Expr(t, depth - 1)),
                2 => Emit(t, rng.Next(2) == 0 ? Opcode.And : Opcode.Or, InstrAttrs.None, Expr(t, depth - 1), Expr(t, depth - 1)),
                _ => Cmp(depth),
            };
        }
        switch (choice)
        {
            case 0: return loadable.Count > 0 ? Load(Pick(loadable)) : Const(t);
            case 1:
            {
                var ops = t.IsFloat() ? new[] { Opcode.Neg, Opcode.Abs, Opcode.Exp, Opcode.Log, Opcode.Sqrt, Opcode.Rsqrt, Opcode.Tanh, Opcode.Erf } : [Opcode.Neg, Opcode.Abs];
                return Emit(t, Pick(ops), InstrAttrs.None, Expr(t, depth - 1));
            }
            case 2 or 3:
            {
                var ops = t.IsFloat() ? new[] { Opcode.Add, Opcode.Sub, Opcode.Mul, Opcode.Div, Opcode.Max, Opcode.Min } : [Opcode.Add, Opcode.Sub, Opcode.Mul, Opcode.Max, Opcode.Min];
                return Emit(t, Pick(ops), InstrAttrs.None, Expr(t, depth - 1), Expr(t, depth - 1));
            }
            case 4: return Emit(t, Opcode.Select, InstrAttrs.None, Cmp(depth - 1), Expr(t, depth - 1), Expr(t, depth - 1));
            case 5:
            {
                var from = Pick(new[] { DType.F32, DType.F16, DType.BF16, DType.F64, DType.I32, DType.I8, DType.Index });
                return Emit(t, Opcode.Cast, InstrAttrs.Cast((RoundingMode)rng.Next(4)), Expr(from, depth - 1));
            }
            case 6 when t == DType.Index && _dims.Count > 0:
                return Emit(t, Opcode.DimValue, InstrAttrs.Dim(Pick(_dims)));
            default: return Reduce(t, depth);
        }
    }

    private Value Cmp(int depth)
    {
        var t = Pick(new[] { DType.F32, DType.F16, DType.I32, DType.Index });
        return Emit(DType.Bool, Opcode.Cmp, InstrAttrs.Cmp((CmpPred)rng.Next(6)), Expr(t, depth - 1), Expr(t, depth - 1));
    }

    private Value Load(Value tensor)
    {
        var args = new List<Value> { tensor };
        args.AddRange(tensor.Type.Shape.Select(IndexValue));
        return Emit(tensor.DType, Opcode.Load, InstrAttrs.None, args.ToArray());
    }

    /// <summary>reduce over one or two new index variables; values defined inside are not visible after it.</summary>
    private Value Reduce(DType t, int depth)
    {
        var ivs = Enumerable.Range(0, rng.Next(1, 3)).Select(_ => new IndexVar(new Value(Fresh("r"), ValueType.Scalar(DType.Index)),
            _indices.Count > 0 && rng.Next(2) == 0 ? Pick(_indices).Extent : Dim.Of(rng.Next(1, 4)))).ToList();
        var (outerOut, scopeCount, indexCount) = (_out, _scope.Count, _indices.Count);
        _out = new List<Instr>();
        _indices.AddRange(ivs);
        var y = Expr(t, depth - 1);
        var inner = new Region(ivs.ToEqArray(), _out.ToEqArray(), y);
        _out = outerOut;
        _scope.RemoveRange(scopeCount, _scope.Count - scopeCount);
        _indices.RemoveRange(indexCount, _indices.Count - indexCount);
        var kind = t == DType.Index ? ReduceKind.Sum : (ReduceKind)rng.Next(3);
        var v = new Value(Fresh("v"), ValueType.Scalar(t));
        _out.Add(new Instr(v, Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(kind), inner));
        _scope.Add(v);
        return v;
    }
}
