namespace KernelC.IR;

/// <summary>How a compiled instruction is evaluated: in the domain (T slots), concretely on index values (long
/// slots, two's complement), or on whole local tensors (T[] slots).</summary>
internal enum EvalKind
{
    Scalar,      // OpSemantics.Eval over T slots
    IndexConst,  // ix[r] = Number (const or dim value)
    IndexOp,     // index arithmetic / select on long slots
    IndexCmp,    // cmp on index operands -> domain bool
    IndexToT,    // cast from index to a float or narrower integer
    TToIndex,    // cast to index from a domain value (needs the concretizer)
    Load,        // a kernel-level tensor, through the reader
    LoadLocal,   // a local tensor slot (local compute, carried tensor, for result)
    Reduce,
    Compute,     // a local tensor: every element of the body, row-major, into a fresh T[]
    For,
}

/// <summary>Where a value lives: a domain slot, an index (long) slot or a local tensor (T[]) slot.</summary>
internal enum SlotKind { Value, Index, Tensor }

internal readonly record struct SlotRef(int Slot, SlotKind Kind);

/// <summary>One instruction resolved to slot numbers once, so evaluation does no name lookups.
/// Args index the T slots or the long slots according to <see cref="ArgIsIndex"/>.</summary>
internal sealed class EvalStep
{
    public EvalKind Kind;
    public Opcode Op;
    public InstrAttrs Attrs = InstrAttrs.None;
    public int Result;
    public int[] Args = [];
    public bool[] ArgIsIndex = [];
    public DType[] ArgTypes = [];
    public DType ResultType;
    public long Number;
    public Value? Tensor;
    // LoadLocal: the tensor slot and its concrete shape
    public int TensorSlot;
    public long[] Shape = [];
    // Reduce and Compute: index slots, their extents and steps, the body and where the yield lives
    public int[] IndexSlots = [];
    public long[] Extents = [];
    public long[] Steps = [];
    public long Size;
    public EvalStep[] Body = [];
    public int YieldSlot;
    public bool YieldIsIndex;
    // For: bound (index slot), loop index slot, step, and per carried value its init, param, next and result
    public int BoundSlot;
    public int LoopIndexSlot;
    public long LoopStep;
    public SlotRef[] Inits = [];
    public SlotRef[] Carried = [];
    public SlotRef[] Next = [];
    public SlotRef[] Results = [];
}
