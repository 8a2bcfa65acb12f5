using KernelC.IR;
using KernelC.Passes.Rewriting;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Passes.Quantization;

/// <summary>Rewrites one kernel so that the chosen f32 weights w are stored as int8 with symmetric scales computed in
/// the kernel (the interface is unchanged). With G(a..) the scale group of the element w[a..] — the whole tensor, or
/// with a channel axis c every element with the same index a_c — and L = 127:
///   w_scale[c] = m == 0 ? 1 : m ÷ L,   m = max over G of |w|      (a new top-level compute; rank 0 per tensor)
///   w_i8[i..]  = cvt.rn.sat.s8(w[i..] ÷ w_scale[i_c])             (a new top-level compute, i8)
///   load w[a..]  ↦  f32(w_i8[a..]) × w_scale[a_c]                  (every other load of w, at any depth)
/// so each element of w is read as deq(w) = f32(sat(rn(w ÷ s)))·s, every op in f32 (÷ and × round to nearest even).
/// The zero guard keeps an all-zero group exact (s = 1, q = 0) instead of dividing 0 by 0.</summary>
internal static class Int8Weights
{
    public const int Levels = 127;

    /// <summary>One weight to quantize: the parameter and its channel axis (null: one scale for the tensor).</summary>
    public sealed record Choice(Value Param, int? Axis);

    public static Kernel Apply(Kernel k, IReadOnlyList<Choice> chosen)
    {
        var taken = IrWalk.AllNames(k).ToHashSet(StringComparer.Ordinal);
        string Unique(string stem)
        {
            var name = stem;
            for (int n = 1; taken.Contains(name); n++) name = $"{stem}_{n}";
            taken.Add(name);
            return name;
        }
        var plan = chosen.Select(c => (c, Scale: Unique(c.Param.Name + "_scale"), Q: Unique(c.Param.Name + "_i8"))).ToList();
        var names = new FreshNames(taken);
        var added = new List<Instr>();
        var stored = new Dictionary<string, (Value Q, Value Scale, int? Axis)>(StringComparer.Ordinal);
        foreach (var (c, scaleName, qName) in plan)
        {
            var p = c.Param;
            var shape = p.Type.Shape;
            var scaleShape = c.Axis is int ax ? EqArray.Of(shape[ax]) : EqArray<Dim>.Empty;
            var scale = new Value(scaleName, new ValueType(DType.F32, scaleShape));
            added.Add(ScaleCompute(scale, p, c.Axis, names));
            var q = new Value(qName, new ValueType(DType.I8, shape));
            added.Add(QuantCompute(q, p, scale, c.Axis, names));
            stored[p.Name] = (q, scale, c.Axis);
        }
        var rewritten = k.Body.Items.Select(i => Rewrite(i, stored, names));
        return k with { Body = added.Concat(rewritten).ToEqArray() };
    }

    // w_scale[c] = select(m == 0, 1, m ÷ 127), m = reduce.max over the other axes of |w|
    private static Instr ScaleCompute(Value scale, Value p, int? axis, FreshNames names)
    {
        var shape = p.Type.Shape;
        var outer = axis is int a ? EqArray.Of(Iv(names, "c", shape[a])) : EqArray<IndexVar>.Empty;
        var innerOf = Enumerable.Range(0, shape.Count).Where(j => j != axis).ToDictionary(j => j, j => Iv(names, "r" + j, shape[j]));
        var inner = innerOf.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();
        var indices = Enumerable.Range(0, shape.Count).Select(j => j == axis ? outer[0].Var : innerOf[j].Var);
        var x = F32(names, "x");
        var ax = F32(names, "ax");
        var m = F32(names, "m");
        var reduce = new Instr(m, Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(ReduceKind.Max),
            new Region(inner.ToEqArray(), EqArray.Of(
                new Instr(x, Opcode.Load, indices.Prepend(p).ToEqArray(), InstrAttrs.None),
                Instr.Make(ax, Opcode.Abs, x)), ax));
        var (zero, isZero, one, levels, s0, s) = (F32(names, "zero"), new Value(names.Next("isz"), ValueType.Scalar(DType.Bool)),
            F32(names, "one"), F32(names, "levels"), F32(names, "s0"), F32(names, "s"));
        var body = EqArray.Of(reduce,
            new Instr(zero, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(0)),
            new Instr(isZero, Opcode.Cmp, EqArray.Of(m, zero), InstrAttrs.Cmp(CmpPred.Eq)),
            new Instr(one, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(1)),
            new Instr(levels, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(Levels)),
            Instr.Make(s0, Opcode.Div, m, levels),
            Instr.Make(s, Opcode.Select, isZero, one, s0));
        return new Instr(scale, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None, new Region(outer, body, s));
    }

    // w_i8[i..] = cast.rn i8 (w[i..] ÷ w_scale[i_c])   (float → int rounds to nearest even and saturates)
    private static Instr QuantCompute(Value q, Value p, Value scale, int? axis, FreshNames names)
    {
        var ivs = p.Type.Shape.Select((d, j) => Iv(names, "i" + j, d)).ToEqArray();
        var (x, s, y, r) = (F32(names, "x"), F32(names, "s"), F32(names, "y"), new Value(names.Next("q"), ValueType.Scalar(DType.I8)));
        var scaleIdx = axis is int a ? EqArray.Of(ivs[a].Var) : EqArray<Value>.Empty;
        var body = EqArray.Of(
            new Instr(x, Opcode.Load, ivs.Select(iv => iv.Var).Prepend(p).ToEqArray(), InstrAttrs.None),
            new Instr(s, Opcode.Load, scaleIdx.Items.Prepend(scale).ToEqArray(), InstrAttrs.None),
            Instr.Make(y, Opcode.Div, x, s),
            new Instr(r, Opcode.Cast, EqArray.Of(y), InstrAttrs.Cast(RoundingMode.NearestEven)));
        return new Instr(q, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None, new Region(ivs, body, r));
    }

    private static Instr Rewrite(Instr i, IReadOnlyDictionary<string, (Value Q, Value Scale, int? Axis)> stored, FreshNames names)
    {
        var r = i.Body is { } body ? body with { Body = RewriteBody(body.Body, stored, names) } : null;
        var loop = i.Loop is { } l ? l with { Body = RewriteBody(l.Body, stored, names) } : null;
        return i with { Body = r, Loop = loop };
    }

    private static EqArray<Instr> RewriteBody(EqArray<Instr> body, IReadOnlyDictionary<string, (Value Q, Value Scale, int? Axis)> stored, FreshNames names)
    {
        var list = new List<Instr>();
        foreach (var i in body)
        {
            if (i.Op == Opcode.Load && stored.TryGetValue(i.Args[0].Name, out var st))
            {
                // %v = load %w[a..]  ↦  %n: i8 = load %w_i8[a..]; %f = cast.rn %n; %s = load %w_scale[a_c]; %v = mul %f, %s
                var n = new Value(names.Next(i.Result.Name), ValueType.Scalar(DType.I8));
                var f = F32(names, i.Result.Name);
                var s = F32(names, i.Result.Name);
                var scaleIdx = st.Axis is int a ? EqArray.Of(i.Args[1 + a]) : EqArray<Value>.Empty;
                list.Add(new Instr(n, Opcode.Load, i.Args.SetItem(0, st.Q), InstrAttrs.None));
                list.Add(new Instr(f, Opcode.Cast, EqArray.Of(n), InstrAttrs.Cast(RoundingMode.NearestEven)));
                list.Add(new Instr(s, Opcode.Load, scaleIdx.Items.Prepend(st.Scale).ToEqArray(), InstrAttrs.None));
                list.Add(Instr.Make(i.Result, Opcode.Mul, f, s));
            }
            else list.Add(Rewrite(i, stored, names));
        }
        return list.ToEqArray();
    }

    private static IndexVar Iv(FreshNames names, string hint, Dim extent) =>
        new(new Value(names.Next(hint), ValueType.Scalar(DType.Index)), extent);

    private static Value F32(FreshNames names, string hint) => new(names.Next(hint), ValueType.Scalar(DType.F32));
}
