namespace KernelC.IR;

/// <summary>Resolves a region's values to slots (index-typed scalars in long slots, tensors in T[] slots, the rest in
/// domain slots) and classifies each instruction into an <see cref="EvalStep"/>. Runs once per evaluator; expects
/// verified IR. A load of a tensor with a slot here is local; any other tensor is read through the reader.</summary>
internal sealed class EvalCompiler(IReadOnlyDictionary<string, long> dims, bool canConcretize)
{
    private readonly Dictionary<string, SlotRef> _slots = new();

    public int ValueSlots { get; private set; }
    public int IndexSlotCount { get; private set; }
    public int TensorSlots { get; private set; }
    public int MaxLoadRank { get; private set; }

    private static bool IsIndex(Value v) => v.DType == DType.Index && v.Type.IsScalar;

    private static SlotKind KindOf(Value v) => !v.Type.IsScalar ? SlotKind.Tensor : v.DType == DType.Index ? SlotKind.Index : SlotKind.Value;

    private int Define(Value v)
    {
        var kind = KindOf(v);
        int slot = kind switch { SlotKind.Tensor => TensorSlots++, SlotKind.Index => IndexSlotCount++, _ => ValueSlots++ };
        _slots[v.Name] = new SlotRef(slot, kind);
        return slot;
    }

    public int DefineIndex(Value v) => Define(v);

    public SlotRef Ref(Value v) =>
        _slots.TryGetValue(v.Name, out var s) ? s : throw new InvalidOperationException($"value {v} is not defined in the region (verify the IR first)");

    public (int Slot, bool IsIndex) Slot(Value v)
    {
        var r = Ref(v);
        return (r.Slot, r.Kind == SlotKind.Index);
    }

    public long[] ShapeOf(Value v) => v.Type.Shape.Select(e => e.Evaluate(dims)).ToArray();

    public EvalStep[] CompileBody(EqArray<Instr> body) => body.Select(Compile).ToArray();

    private void NeedConcretizer(Instr i)
    {
        if (!canConcretize)
            throw new NotSupportedException($"{i.Result}: a domain value flows into an index; this domain has no concretizer");
    }

    private EvalStep CompileRegion(EvalStep s, Region r, bool steps)
    {
        s.IndexSlots = r.Indices.Select(iv => Define(iv.Var)).ToArray();
        s.Extents = r.Indices.Select(iv => iv.Extent.Evaluate(dims)).ToArray();
        s.Steps = r.Indices.Select(iv => steps && iv.Step is { } st ? st.Evaluate(dims) : 1L).ToArray();
        s.Body = CompileBody(r.Body);
        (s.YieldSlot, s.YieldIsIndex) = Slot(r.Yield);
        return s;
    }

    private EvalStep Compile(Instr i)
    {
        var s = new EvalStep { Op = i.Op, Attrs = i.Attrs, ResultType = i.Result.DType };
        switch (i.Op)
        {
            case Opcode.Reduce:
                s.Kind = EvalKind.Reduce;
                CompileRegion(s, i.Body ?? throw new InvalidOperationException($"{i.Result}: reduce without a region"), steps: true);
                s.Result = Define(i.Result);
                return s;
            case Opcode.Compute:
                s.Kind = EvalKind.Compute;
                CompileRegion(s, i.Body ?? throw new InvalidOperationException($"{i.Result}: compute without a region"), steps: false);
                if (!Tensor.TryElementCount(s.Extents, out s.Size))
                    throw new InvalidOperationException($"{i.Result}: local tensor too large");
                s.Result = Define(i.Result);
                return s;
            case Opcode.For:
                return CompileFor(s, i);
            case Opcode.Parallel:
                throw new InvalidOperationException($"{i.Result}: parallel inside a region (verify the IR first)");
            case Opcode.Load:
            {
                s.Tensor = i.Args[0];
                if (_slots.TryGetValue(i.Args[0].Name, out var local))
                {
                    s.Kind = EvalKind.LoadLocal;
                    s.TensorSlot = local.Slot;
                    s.Shape = ShapeOf(i.Args[0]);
                }
                else s.Kind = EvalKind.Load;
                s.Args = i.Args.Items.Skip(1).Select(a => Slot(a).Slot).ToArray();
                MaxLoadRank = Math.Max(MaxLoadRank, s.Args.Length);
                if (IsIndex(i.Result)) NeedConcretizer(i);
                s.Result = Define(i.Result);
                return s;
            }
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

    /// <summary>Slots: inits resolved outside; loop index and carried params defined for the body; next resolved at
    /// the end of the body; results defined after.</summary>
    private EvalStep CompileFor(EvalStep s, Instr i)
    {
        var loop = i.Loop ?? throw new InvalidOperationException($"{i.Result}: for without a loop body");
        s.Kind = EvalKind.For;
        s.BoundSlot = Slot(i.Args[0]).Slot;
        s.LoopStep = loop.Step;
        s.Inits = i.Args.Items.Skip(1).Select(Ref).ToArray();
        s.LoopIndexSlot = Define(loop.Index);
        s.Carried = loop.Carried.Select(c => { Define(c); return Ref(c); }).ToArray();
        s.Body = CompileBody(loop.Body);
        s.Next = loop.Next.Select(Ref).ToArray();
        s.Results = i.Results.Select(r => { Define(r); return Ref(r); }).ToArray();
        s.Result = s.Results[0].Slot;
        return s;
    }
}
