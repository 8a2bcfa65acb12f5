namespace KernelC.IR;

/// <summary>Attributes of an instruction; which ones are meaningful depends on the opcode.</summary>
public sealed record InstrAttrs
{
    public static readonly InstrAttrs None = new();

    /// <summary>Const: the value, already exactly representable in the result dtype.</summary>
    public double Number { get; init; }
    /// <summary>DimValue: the symbolic dimension read.</summary>
    public string? DimName { get; init; }
    /// <summary>Cast: the rounding mode of the conversion.</summary>
    public RoundingMode Rounding { get; init; }
    /// <summary>Cmp: the predicate.</summary>
    public CmpPred Pred { get; init; }
    /// <summary>Reduce: the combining operation.</summary>
    public ReduceKind Reduction { get; init; }

    public static InstrAttrs Const(double v) => new() { Number = v };
    public static InstrAttrs Dim(string name) => new() { DimName = name };
    public static InstrAttrs Cast(RoundingMode m) => new() { Rounding = m };
    public static InstrAttrs Cmp(CmpPred p) => new() { Pred = p };
    public static InstrAttrs Reduce(ReduceKind k) => new() { Reduction = k };

    // Const 0.0 and -0.0 must differ: compare the bits, not the doubles.
    public bool Equals(InstrAttrs? other) => other is not null
        && BitConverter.DoubleToInt64Bits(Number) == BitConverter.DoubleToInt64Bits(other.Number)
        && DimName == other.DimName && Rounding == other.Rounding && Pred == other.Pred && Reduction == other.Reduction;

    public override int GetHashCode() => HashCode.Combine(BitConverter.DoubleToInt64Bits(Number), DimName, Rounding, Pred, Reduction);
}

/// <summary>A region: index variables, a straight-line body, and the value it yields for each index tuple (a scalar
/// for Compute and Reduce, the tile tensor for Parallel).</summary>
public sealed record Region(EqArray<IndexVar> Indices, EqArray<Instr> Body, Value Yield);

/// <summary>One SSA instruction. Immutable: passes build new instructions. Result is the first result; only For has
/// more (<see cref="MoreResults"/>, one per carried value after the first) and a <see cref="Loop"/>.</summary>
public sealed record Instr(Value Result, Opcode Op, EqArray<Value> Args, InstrAttrs Attrs, Region? Body = null,
    EqArray<Value> MoreResults = default, LoopBody? Loop = null)
{
    public static Instr Make(Value result, Opcode op, params Value[] args) => new(result, op, EqArray.Of(args), InstrAttrs.None);

    /// <summary>All results in order: Result, then MoreResults.</summary>
    public IEnumerable<Value> Results => MoreResults.Items.Prepend(Result);
}
