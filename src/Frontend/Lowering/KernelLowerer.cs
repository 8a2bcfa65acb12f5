using System.Globalization;
using KernelC.Frontend.Binding;
using KernelC.IR;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Frontend.Lowering;

/// <summary>Lowers one checked kernel to tensor-level IR: each definition is one top-level Compute, each reduction
/// a nested Reduce, each tensor read a Load. SSA names: the Compute of definition `s` is `%s`; scalars are
/// numbered `%0, %1, ...` per kernel in creation order (a Reduce is numbered before its body); index variables
/// keep their source names, made unique per kernel (`%d`, `%d_1`, ...; the IR allows only [A-Za-z0-9_] in names).</summary>
internal sealed class KernelLowerer
{
    private int _next;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Value> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<BoundIndex, Value> _indices = new(ReferenceEqualityComparer.Instance);
    private List<Instr> _current = new();

    public static Kernel Lower(BoundKernel k) => new KernelLowerer().Run(k);

    private Kernel Run(BoundKernel k)
    {
        var ps = new List<Value>();
        foreach (var p in k.Params)
        {
            var v = new Value(p.Name, p.ValueType);
            _names.Add(p.Name);
            _tensors[p.Name] = v;
            ps.Add(v);
        }
        foreach (var d in k.Definitions) _names.Add(d.Tensor.Name);
        var outputs = k.Outputs.Select(o => new Value(o.Name, o.ValueType)).ToEqArray();
        var body = new List<Instr>();
        foreach (var d in k.Definitions) body.Add(Definition(d));
        var returns = k.OutputDefinitions.Select(d => _tensors[d.Tensor.Name]).ToEqArray();
        return new Kernel(k.Name, k.Dims, k.Constraints, ps.ToEqArray(), outputs, body.ToEqArray(), returns);
    }

    private Instr Definition(BoundDefinition d)
    {
        var result = new Value(d.Tensor.Name, d.Tensor.ValueType);
        var region = Region(d.Indices, d.Value);
        _tensors[d.Tensor.Name] = result;
        return new Instr(result, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None, region);
    }

    /// <summary>A region binding <paramref name="indices"/> whose body computes <paramref name="value"/>.</summary>
    private Region Region(EqArray<BoundIndex> indices, BoundExpr value)
    {
        var vars = indices.Select(ix =>
        {
            var v = new Value(FreshIndexName(ix.Name), ValueType.Scalar(DType.Index));
            _indices[ix] = v;
            return new IndexVar(v, ix.Extent ?? throw new InvalidOperationException($"index {ix.Name} has no extent after checking"));
        }).ToEqArray();
        var saved = _current;
        _current = new List<Instr>();
        var y = Lower(value);
        var region = new Region(vars, _current.ToEqArray(), y);
        _current = saved;
        return region;
    }

    private string FreshIndexName(string name)
    {
        var n = name;
        for (int i = 1; !_names.Add(n); i++) n = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        return n;
    }

    private Value Scalar(DType t) => new((_next++).ToString(CultureInfo.InvariantCulture), ValueType.Scalar(t));

    private Value Emit(DType t, Opcode op, InstrAttrs attrs, params Value[] args)
    {
        var r = Scalar(t);
        _current.Add(new Instr(r, op, EqArray.Of(args), attrs));
        return r;
    }

    private Value Const(double v, DType t) => Emit(t, Opcode.Const, InstrAttrs.Const(v));

    private Value Lower(BoundExpr e)
    {
        switch (e)
        {
            case BoundConst c:
                return Const(c.Value, c.DType);
            case BoundDim d:
                return Emit(DType.Index, Opcode.DimValue, InstrAttrs.Dim(d.Name));
            case BoundIndexRef ix:
                return _indices[ix.Index];
            case BoundLoad l:
            {
                var args = new List<Value> { _tensors[l.Tensor.Name] };
                args.AddRange(l.Indices.Select(ix => _indices[ix]));
                return Emit(l.Type, Opcode.Load, InstrAttrs.None, args.ToArray());
            }
            case BoundUnary { Op: Opcode.Neg, Operand: BoundConst c }:
                // -c folded: negation is exact in every format, so const(-c) = neg(const c) (also -0.0 for floats).
                return Const(c.DType.IsFloat() ? -c.Value : (c.Value == 0 ? 0 : -c.Value), c.DType);
            case BoundUnary u:
                return Emit(u.Type, u.Op, InstrAttrs.None, Lower(u.Operand));
            case BoundGelu g:
                return Gelu(Lower(g.Operand), g.Type);
            case BoundBinary b:
            {
                var l = Lower(b.Left);
                var r = Lower(b.Right);
                return Emit(b.Type, b.Op, InstrAttrs.None, l, r);
            }
            case BoundCompare c:
            {
                var l = Lower(c.Left);
                var r = Lower(c.Right);
                return Emit(DType.Bool, Opcode.Cmp, InstrAttrs.Cmp(c.Pred), l, r);
            }
            case BoundSelect s:
            {
                var c = Lower(s.Condition);
                var a = Lower(s.IfTrue);
                var b = Lower(s.IfFalse);
                return Emit(s.Type, Opcode.Select, InstrAttrs.None, c, a, b);
            }
            case BoundCast c:
                return Emit(c.To, Opcode.Cast, InstrAttrs.Cast(c.Mode), Lower(c.Operand));
            case BoundReduce r:
            {
                var result = Scalar(r.Type);
                var region = Region(r.Indices, r.Body);
                _current.Add(new Instr(result, Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(r.Kind), region));
                return result;
            }
            default:
                throw new InvalidOperationException($"cannot lower {e.GetType().Name}: the checker should have rejected it");
        }
    }

    /// <summary>gelu(x) = (0.5·x)·(1 + erf(x / sqrt(2))), every constant and op in x's dtype.</summary>
    private Value Gelu(Value x, DType t)
    {
        var half = Const(0.5, t);
        var hx = Emit(t, Opcode.Mul, InstrAttrs.None, half, x);
        var two = Const(2, t);
        var s2 = Emit(t, Opcode.Sqrt, InstrAttrs.None, two);
        var q = Emit(t, Opcode.Div, InstrAttrs.None, x, s2);
        var e = Emit(t, Opcode.Erf, InstrAttrs.None, q);
        var one = Const(1, t);
        var p = Emit(t, Opcode.Add, InstrAttrs.None, one, e);
        return Emit(t, Opcode.Mul, InstrAttrs.None, hx, p);
    }
}
