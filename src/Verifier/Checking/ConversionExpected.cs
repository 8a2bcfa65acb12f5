using KernelC.IR;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Verifier.Checking;

/// <summary>The kernel the conversion rule expects, built by the checker FROM THE IR BEFORE AND THE HINTS ONLY:
/// every load of a converted parameter p (at any depth)
///   %v: f32 = load %p[a..]   ↦   %t: f32 = load %p[a..];  %n: fmt = cast.&lt;mode&gt; %t;  %v: f32 = cast.rn %n
/// (the widening cast is exact); every load of an int8 weight becomes the checker's own quantize-dequantize expression
/// (<see cref="Int8Expected"/>). Nothing else changes, so the IR after must equal it bit for bit.</summary>
internal static class ConversionExpected
{
    public static Kernel Build(Kernel before, IReadOnlyList<ConvertedParam> converted) => Build(before, converted, []);

    /// <summary>The same, with every load of an int8 weight replaced by <see cref="Int8Expected.Dequantize"/>.</summary>
    public static Kernel Build(Kernel before, IReadOnlyList<ConvertedParam> converted, IReadOnlyList<Int8Param> int8)
    {
        var conv = converted.Where(c => c.AppliesTo(before)).ToDictionary(c => c.Param, StringComparer.Ordinal);
        var weights = int8.Where(c => c.AppliesTo(before)).ToDictionary(c => c.Param, StringComparer.Ordinal);
        if (conv.Count == 0 && weights.Count == 0) return before;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in before.Params) taken.Add(p.Name);
        foreach (var o in before.Outputs) taken.Add(o.Name);
        Names(before.Body, taken);
        int counter = 0;
        string Fresh()
        {
            string n;
            do n = $"cv{counter++}"; while (!taken.Add(n));
            return n;
        }

        EqArray<Instr> Body(EqArray<Instr> body)
        {
            var list = new List<Instr>();
            foreach (var i in body)
            {
                if (i.Op == Opcode.Load && conv.TryGetValue(i.Args[0].Name, out var c))
                {
                    var t = new Value(Fresh(), ValueType.Scalar(DType.F32));
                    var n = new Value(Fresh(), ValueType.Scalar(c.Format));
                    list.Add(i with { Result = t });
                    list.Add(new Instr(n, Opcode.Cast, EqArray.Of(t), InstrAttrs.Cast(c.Mode)));
                    list.Add(new Instr(i.Result, Opcode.Cast, EqArray.Of(n), InstrAttrs.Cast(RoundingMode.NearestEven)));
                    continue;
                }
                if (i.Op == Opcode.Load && weights.TryGetValue(i.Args[0].Name, out var w))
                {
                    list.AddRange(Int8Expected.Dequantize(i, before.Params.First(p => p.Name == w.Param), w, Fresh));
                    continue;
                }
                list.Add(i with
                {
                    Body = i.Body is { } r ? r with { Body = Body(r.Body) } : null,
                    Loop = i.Loop is { } l ? l with { Body = Body(l.Body) } : null,
                });
            }
            return list.ToEqArray();
        }
        return before with { Body = Body(before.Body) };
    }

    private static void Names(IEnumerable<Instr> body, HashSet<string> into)
    {
        foreach (var i in body)
        {
            foreach (var r in i.Results) into.Add(r.Name);
            if (i.Body is { } rg)
            {
                foreach (var iv in rg.Indices) into.Add(iv.Var.Name);
                Names(rg.Body, into);
            }
            if (i.Loop is { } l)
            {
                into.Add(l.Index.Name);
                foreach (var c in l.Carried) into.Add(c.Name);
                Names(l.Body, into);
            }
        }
    }
}
