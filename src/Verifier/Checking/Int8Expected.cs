using KernelC.IR;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Verifier.Checking;

/// <summary>The checker's own quantize-dequantize expression for one load of an int8 weight (<see cref="Int8Param"/>),
/// built from the load alone:
///   %v: f32 = load %w[a..]   ↦
///   %t = load %w[a..]
///   %m = reduce.max [%r_j &lt; extent_j for every axis j ≠ J] { %x = load %w[r.. with a_J on axis J]; %ax = abs %x; yield %ax }
///   %isz = cmp.eq %m, 0;  %s0 = div %m, L;  %s = select %isz, 1, %s0          (s = m == 0 ? 1 : m ÷ L)
///   %y = div %t, %s;  %q: i8 = cast.&lt;mode&gt; %y;  %f: f32 = cast.rn %q;  %v = mul %f, %s
/// Invariant the bound obligations rely on: the reduce ranges over exactly the scale group of the loaded element
/// (that element included), so |w[a..]| ≤ m for every element that is dequantized with m.</summary>
internal static class Int8Expected
{
    public static IEnumerable<Instr> Dequantize(Instr load, Value param, Int8Param c, Func<string> fresh)
    {
        Value F32() => new(fresh(), ValueType.Scalar(DType.F32));
        var shape = param.Type.Shape;
        var at = load.Args.Items.Skip(1).ToList();
        var inner = new List<IndexVar>();
        var indices = new List<Value>();
        for (int j = 0; j < shape.Count; j++)
        {
            if (j == c.Axis) { indices.Add(at[j]); continue; }
            var iv = new IndexVar(new Value(fresh(), ValueType.Scalar(DType.Index)), shape[j]);
            inner.Add(iv);
            indices.Add(iv.Var);
        }
        var (t, x, ax, m, zero, one, levels, s0, s, y, f) = (F32(), F32(), F32(), F32(), F32(), F32(), F32(), F32(), F32(), F32(), F32());
        var isZero = new Value(fresh(), ValueType.Scalar(DType.Bool));
        var q = new Value(fresh(), ValueType.Scalar(DType.I8));
        yield return load with { Result = t };
        yield return new Instr(m, Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(ReduceKind.Max),
            new Region(inner.ToEqArray(), EqArray.Of(
                new Instr(x, Opcode.Load, indices.Prepend(param).ToEqArray(), InstrAttrs.None),
                Instr.Make(ax, Opcode.Abs, x)), ax));
        yield return new Instr(zero, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(0));
        yield return new Instr(isZero, Opcode.Cmp, EqArray.Of(m, zero), InstrAttrs.Cmp(CmpPred.Eq));
        yield return new Instr(one, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(1));
        yield return new Instr(levels, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(c.Levels));
        yield return Instr.Make(s0, Opcode.Div, m, levels);
        yield return Instr.Make(s, Opcode.Select, isZero, one, s0);
        yield return Instr.Make(y, Opcode.Div, t, s);
        yield return new Instr(q, Opcode.Cast, EqArray.Of(y), InstrAttrs.Cast(c.Mode));
        yield return new Instr(f, Opcode.Cast, EqArray.Of(q), InstrAttrs.Cast(RoundingMode.NearestEven));
        yield return Instr.Make(load.Result, Opcode.Mul, f, s);
    }
}
