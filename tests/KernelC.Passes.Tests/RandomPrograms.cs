using KernelC.IR;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Passes.Tests;

/// <summary>Random small, valid kernels over dims N, M for fusion properties: element-wise computes, computes with
/// a reduce in their body (row sums, matmul-like), rank-1 row reductions; loads always in bounds. Several outputs
/// (the last compute and sometimes an earlier one), so outputs consumed by other computes occur.</summary>
internal sealed class RandomPrograms(Random rng)
{
    private static readonly Dim N = Dim.Of("N"), M = Dim.Of("M");
    private int _next;
    private readonly List<(Value Tensor, Dim[] Shape)> _tensors = new();

    private string Fresh(string stem) => $"{stem}{_next++}";

    public Kernel Kernel()
    {
        var x = new Value("x", ValueType.Tensor(DType.F32, N, M));
        var u = new Value("u", ValueType.Tensor(DType.F32, N));
        var w = new Value("w", ValueType.Tensor(DType.F32, M));
        _tensors.AddRange([(x, [N, M]), (u, [N]), (w, [M])]);
        var body = new List<Instr>();
        int count = rng.Next(2, 6);
        for (int c = 0; c < count; c++)
        {
            var compute = rng.Next(3) switch
            {
                0 => Compute([N], reduceInside: true),
                1 => Compute([N, M], reduceInside: rng.Next(3) == 0),
                _ => Compute([N, M], reduceInside: false),
            };
            body.Add(compute);
            _tensors.Add((compute.Result, compute.Body!.Indices.Select(iv => iv.Extent).ToArray()));
        }
        var returns = new List<Value> { body[^1].Result };
        if (body.Count > 2 && rng.Next(2) == 0) returns.Insert(0, body[rng.Next(body.Count - 1)].Result);
        return new Kernel("k", EqArray.Of("N", "M"), EqArray<DimConstraint>.Empty, EqArray.Of(x, u, w),
            returns.Select(r => r).ToEqArray(), body.ToEqArray(), returns.ToEqArray());
    }

    /// <summary>A compute over the given extents (each N or M, in the order [N] or [N, M]).</summary>
    private Instr Compute(Dim[] shape, bool reduceInside)
    {
        var indices = shape.Select(d => new IndexVar(new Value(Fresh("i"), ValueType.Scalar(DType.Index)), d)).ToList();
        var scope = indices.Select(iv => (iv.Var, iv.Extent)).ToList();
        var instrs = new List<Instr>();
        var y = Expr(instrs, scope, depth: 3, allowReduce: reduceInside);
        if (reduceInside && !instrs.Any(i => i.Op == Opcode.Reduce))
        {
            var r = Reduce(instrs, scope);
            y = Emit(instrs, Opcode.Add, y, r);
        }
        var name = Fresh("t");
        var region = new Region(indices.ToEqArray(), instrs.ToEqArray(), y);
        return new Instr(new Value(name, ValueType.Tensor(DType.F32, shape)), Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None, region);
    }

    private Value Reduce(List<Instr> instrs, List<(Value Var, Dim Extent)> scope)
    {
        var k = new IndexVar(new Value(Fresh("k"), ValueType.Scalar(DType.Index)), M);
        var inner = new List<Instr>();
        var innerScope = new List<(Value, Dim)>(scope) { (k.Var, k.Extent) };
        var y = Expr(inner, innerScope, depth: 2, allowReduce: false);
        var kind = (ReduceKind)rng.Next(3);
        var result = new Value(Fresh("v"), ValueType.Scalar(DType.F32));
        instrs.Add(new Instr(result, Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(kind),
            new Region(EqArray.Of(k), inner.ToEqArray(), y)));
        return result;
    }

    private Value Expr(List<Instr> instrs, List<(Value Var, Dim Extent)> scope, int depth, bool allowReduce)
    {
        int choice = depth <= 0 ? rng.Next(2) : rng.Next(8);
        switch (choice)
        {
            case 0:
                return Load(instrs, scope) ?? Const(instrs);
            case 1:
                return rng.Next(4) == 0 ? Const(instrs) : Load(instrs, scope) ?? Const(instrs);
            case 2:
                if (allowReduce) return Reduce(instrs, scope);
                goto case 3;
            case 3:
            {
                var a = Expr(instrs, scope, depth - 1, allowReduce);
                var op = new[] { Opcode.Neg, Opcode.Abs, Opcode.Exp, Opcode.Tanh }[rng.Next(4)];
                return Emit(instrs, op, a);
            }
            case 4:
            {
                var a = Expr(instrs, scope, depth - 1, allowReduce);
                var b = Expr(instrs, scope, depth - 1, allowReduce);
                var c = new Value(Fresh("v"), ValueType.Scalar(DType.Bool));
                instrs.Add(new Instr(c, Opcode.Cmp, EqArray.Of(a, b), InstrAttrs.Cmp((CmpPred)rng.Next(6))));
                return Emit(instrs, Opcode.Select, c, a, b);
            }
            default:
            {
                var a = Expr(instrs, scope, depth - 1, allowReduce);
                var b = Expr(instrs, scope, depth - 1, allowReduce);
                var op = new[] { Opcode.Add, Opcode.Sub, Opcode.Mul, Opcode.Max, Opcode.Min }[rng.Next(5)];
                return Emit(instrs, op, a, b);
            }
        }
    }

    /// <summary>A load of a random tensor whose every axis can be indexed by a variable in scope of that extent.</summary>
    private Value? Load(List<Instr> instrs, List<(Value Var, Dim Extent)> scope)
    {
        var options = _tensors.Where(t => t.Shape.All(d => scope.Any(s => s.Extent == d))).ToList();
        if (options.Count == 0) return null;
        var (tensor, shape) = options[rng.Next(options.Count)];
        var at = shape.Select(d =>
        {
            var fit = scope.Where(s => s.Extent == d).ToList();
            return fit[rng.Next(fit.Count)].Var;
        }).ToArray();
        return Emit(instrs, Opcode.Load, [tensor, .. at]);
    }

    private Value Const(List<Instr> instrs)
    {
        double[] values = [0.5, -1, 2, 0, -0.0, 3];
        var v = new Value(Fresh("v"), ValueType.Scalar(DType.F32));
        instrs.Add(new Instr(v, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(values[rng.Next(values.Length)])));
        return v;
    }

    private Value Emit(List<Instr> instrs, Opcode op, params Value[] args)
    {
        var v = new Value(Fresh("v"), ValueType.Scalar(DType.F32));
        instrs.Add(Instr.Make(v, op, args));
        return v;
    }
}
