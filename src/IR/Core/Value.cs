namespace KernelC.IR;

/// <summary>An SSA value: defined once per kernel, by a parameter, an index variable or an instruction.
/// Names are unique within a kernel and printed with a leading '%'.</summary>
public sealed record Value(string Name, ValueType Type)
{
    public DType DType => Type.DType;
    public override string ToString() => "%" + Name;
}

/// <summary>An index variable bound by a Compute or Reduce region, ranging over [0, Extent).</summary>
public sealed record IndexVar(Value Var, Dim Extent)
{
    public override string ToString() => $"{Var} < {Extent}";
}
