namespace KernelC.IR;

/// <summary>How a compiled instruction is evaluated: in the domain (T slots) or concretely on index values
/// (long slots, two's complement).</summary>
internal enum EvalKind
{
    Scalar,      // OpSemantics.Eval over T slots
    IndexConst,  // ix[r] = Number (const or dim value)
    IndexOp,     // index arithmetic / select on long slots
    IndexCmp,    // cmp on index operands -> domain bool
    IndexToT,    // cast from index to a float or narrower integer
    TToIndex,    // cast to index from a domain value (needs the concretizer)
    Load,
    Reduce,
}

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
    // Reduce: index slots, their extents, the body and where the yield lives
    public int[] IndexSlots = [];
    public long[] Extents = [];
    public EvalStep[] Body = [];
    public int YieldSlot;
    public bool YieldIsIndex;
}
