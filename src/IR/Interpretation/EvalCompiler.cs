namespace KernelC.IR;

/// <summary>Resolves a region's values to slots (index-typed values in long slots, the rest in domain slots) and
/// classifies each instruction into an <see cref="EvalStep"/>. Runs once per evaluator; expects verified IR.</summary>
internal sealed class EvalCompiler(IReadOnlyDictionary<string, long> dims, bool canConcretize)
{
    private readonly Dictionary<string, (int Slot, bool IsIndex)> _slots = new();

    public int ValueSlots { get; private set; }
    public int IndexSlotCount { get; private set; }
    public int MaxLoadRank { get; private set; }

    private static bool IsIndex(Value v) => v.DType == DType.Index;

    private int Define(Value v)
    {
        int slot = IsIndex(v) ? IndexSlotCount++ : ValueSlots++;
        _slots[v.Name] = (slot, IsIndex(v));
        return slot;
    }

    public int DefineIndex(Value v) => Define(v);

    public (int Slot, bool IsIndex) Slot(Value v) =>
        _slots.TryGetValue(v.Name, out var s) ? s : throw new InvalidOperationException($"value {v} is not defined in the region (verify the IR first)");

    public EvalStep[] CompileBody(EqArray<Instr> body) => body.Select(Compile).ToArray();

    private void NeedConcretizer(Instr i)
    {
        if (!canConcretize)
            throw new NotSupportedException($"{i.Result}: a domain value flows into an index; this domain has no concretizer");
    }

    private EvalStep Compile(Instr i)
    {
        var s = new EvalStep { Op = i.Op, Attrs = i.Attrs, ResultType = i.Result.DType };
        if (i.Op == Opcode.Reduce)
        {
            var r = i.Body ?? throw new InvalidOperationException($"{i.Result}: reduce without a region");
            s.Kind = EvalKind.Reduce;
            s.IndexSlots = r.Indices.Select(iv => Define(iv.Var)).ToArray();
            s.Extents = r.Indices.Select(iv => iv.Extent.Evaluate(dims)).ToArray();
            s.Body = CompileBody(r.Body);
            (s.YieldSlot, s.YieldIsIndex) = Slot(r.Yield);
            s.Result = Define(i.Result);
            return s;
        }
        if (i.Op == Opcode.Compute) throw new InvalidOperationException($"{i.Result}: compute inside a region");
        if (i.Op == Opcode.Load)
        {
            s.Kind = EvalKind.Load;
            s.Tensor = i.Args[0];
            s.Args = i.Args.Items.Skip(1).Select(a => Slot(a).Slot).ToArray();
            MaxLoadRank = Math.Max(MaxLoadRank, s.Args.Length);
            if (IsIndex(i.Result)) NeedConcretizer(i);
            s.Result = Define(i.Result);
            return s;
        }
        var args = i.Args.Select(Slot).ToArray();
        s.Args = args.Select(a => a.Slot).ToArray();
        s.ArgIsIndex = args.Select(a => a.IsIndex).ToArray();
        s.ArgTypes = i.Args.Select(a => a.DType).ToArray();
        bool resultIndex = IsIndex(i.Result);
        bool anyIndexArg = s.ArgIsIndex.Any(b => b);
        if (i.Op == Opcode.DimValue)
        {
            s.Kind = EvalKind.IndexConst;
            s.Number = dims.TryGetValue(i.Attrs.DimName ?? "", out var dv) ? dv
                : throw new KeyNotFoundException($"no value for dimension {i.Attrs.DimName}");
        }
        else if (i.Op == Opcode.Const && resultIndex)
        {
            s.Kind = EvalKind.IndexConst;
            s.Number = (long)i.Attrs.Number;
        }
        else if (i.Op == Opcode.Cast && anyIndexArg && !resultIndex) s.Kind = EvalKind.IndexToT;
        else if (i.Op == Opcode.Cast && resultIndex && !anyIndexArg) { NeedConcretizer(i); s.Kind = EvalKind.TToIndex; }
        else if (i.Op == Opcode.Cmp && anyIndexArg) s.Kind = EvalKind.IndexCmp;
        else if (resultIndex)
        {
            if (i.Op == Opcode.Select) NeedConcretizer(i);
            s.Kind = EvalKind.IndexOp;
        }
        else s.Kind = EvalKind.Scalar;
        s.Result = Define(i.Result);
        return s;
    }
}
