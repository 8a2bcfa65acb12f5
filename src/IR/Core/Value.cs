namespace KernelC.IR;

/// <summary>An SSA value: defined once per kernel, by a parameter, an index variable or an instruction.
/// Names are unique within a kernel and printed with a leading '%'.</summary>
public sealed record Value(string Name, ValueType Type)
{
    public DType DType => Type.DType;
    public override string ToString() => "%" + Name;
}

/// <summary>An index variable bound by a Compute, Reduce or Parallel region. It takes the values 0, s, 2s, ... below
/// Extent — ceil(Extent/s) values — where s = Step (1 when null). Compute index vars have no step; a Parallel's
/// have one each (the tile extent); a Reduce's may have one (a regrouped reduction around an inner one).</summary>
public sealed record IndexVar(Value Var, Dim Extent, Dim? Step = null)
{
    public override string ToString() => Step is null ? $"{Var} < {Extent}" : $"{Var} < {Extent} step {Step}";
}
