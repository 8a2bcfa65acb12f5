using KernelC.IR;
using KernelC.Passes.Rewriting;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Passes.Quantization;

/// <summary>Rewrites one kernel so that the chosen f32 parameters are read through a narrow stored copy:
///   p_f16[i..] = cast.rn f16 (load p[i..])            (a new top-level compute, before every other)
///   load p[a..]  ↦  cast.rn f32 (load p_f16[a..])     (every other load of p, at any depth)
/// The widening cast is exact (every f16/bf16 value is an f32 value), so each element of p is read as
/// f32(rn_fmt(p[a..])) — the only change the conversion rule allows. The interface is unchanged.</summary>
internal static class StorageCopy
{
    public static Kernel Apply(Kernel k, IReadOnlyList<Value> parameters, StorageFormat format)
    {
        // The copy of p is named p_f16 (p_bf16) when that name is free, else p_f16_<n>.
        var taken = IrWalk.AllNames(k).ToHashSet(StringComparer.Ordinal);
        var copyNames = new List<string>();
        foreach (var p in parameters)
        {
            var stem = $"{p.Name}_{format.Name}";
            var name = stem;
            for (int n = 1; taken.Contains(name); n++) name = $"{stem}_{n}";
            taken.Add(name);
            copyNames.Add(name);
        }
        var names = new FreshNames(taken);
        var copies = new List<Instr>();
        var copyOf = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (p, copyName) in parameters.Zip(copyNames))
        {
            var copy = new Value(copyName, new ValueType(format.DType, p.Type.Shape));
            var ivs = p.Type.Shape.Select((d, j) => new IndexVar(new Value(names.Next("i" + j), ValueType.Scalar(DType.Index)), d)).ToEqArray();
            var x = new Value(names.Next("x"), ValueType.Scalar(DType.F32));
            var h = new Value(names.Next("h"), ValueType.Scalar(format.DType));
            var body = EqArray.Of(
                new Instr(x, Opcode.Load, ivs.Select(iv => iv.Var).Prepend(p).ToEqArray(), InstrAttrs.None),
                new Instr(h, Opcode.Cast, EqArray.Of(x), InstrAttrs.Cast(RoundingMode.NearestEven)));
            copies.Add(new Instr(copy, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None, new Region(ivs, body, h)));
            copyOf[p.Name] = copy;
        }
        var rewritten = k.Body.Items.Select(i => Rewrite(i, copyOf, names));
        return k with { Body = copies.Concat(rewritten).ToEqArray() };
    }

    private static Instr Rewrite(Instr i, IReadOnlyDictionary<string, Value> copyOf, FreshNames names)
    {
        var r = i.Body is { } body ? body with { Body = RewriteBody(body.Body, copyOf, names) } : null;
        var loop = i.Loop is { } l ? l with { Body = RewriteBody(l.Body, copyOf, names) } : null;
        return i with { Body = r, Loop = loop };
    }

    private static EqArray<Instr> RewriteBody(EqArray<Instr> body, IReadOnlyDictionary<string, Value> copyOf, FreshNames names)
    {
        var list = new List<Instr>();
        foreach (var i in body)
        {
            if (i.Op == Opcode.Load && copyOf.TryGetValue(i.Args[0].Name, out var copy))
            {
                // %v: f32 = load %p[a..]  ↦  %n: fmt = load %p_fmt[a..]; %v: f32 = cast.rn %n   (same result name)
                var narrow = new Value(names.Next(i.Result.Name), ValueType.Scalar(copy.DType));
                list.Add(new Instr(narrow, Opcode.Load, i.Args.SetItem(0, copy), InstrAttrs.None));
                list.Add(new Instr(i.Result, Opcode.Cast, EqArray.Of(narrow), InstrAttrs.Cast(RoundingMode.NearestEven)));
            }
            else list.Add(Rewrite(i, copyOf, names));
        }
        return list.ToEqArray();
    }
}
