namespace KernelC.IR;

/// <summary>The meaning of every scalar op, written once against <see cref="INumberDomain{T}"/>.
/// Loads, dimension values and regions are the evaluator's business (they need an environment); everything
/// that computes a number from numbers is here, and nowhere else.</summary>
public static class OpSemantics
{
    /// <summary>Evaluates a scalar instruction of opcode <paramref name="op"/> on already evaluated arguments.
    /// <paramref name="argTypes"/> are the dtypes of the arguments; <paramref name="resultType"/> the result's.</summary>
    public static T Eval<T>(INumberDomain<T> d, Opcode op, InstrAttrs attrs, ReadOnlySpan<T> args,
        ReadOnlySpan<DType> argTypes, DType resultType) => op switch
    {
        Opcode.Const => d.Const(attrs.Number, resultType),
        Opcode.Neg => d.Neg(args[0], resultType),
        Opcode.Abs => d.Abs(args[0], resultType),
        Opcode.Exp or Opcode.Log or Opcode.Sqrt or Opcode.Rsqrt or Opcode.Tanh or Opcode.Erf
            => d.Apply(op, args[0], resultType),
        Opcode.Not => d.Not(args[0]),
        Opcode.Cast => d.Convert(args[0], argTypes[0], resultType, attrs.Rounding),
        Opcode.Add => d.Add(args[0], args[1], resultType),
        Opcode.Sub => d.Sub(args[0], args[1], resultType),
        Opcode.Mul => d.Mul(args[0], args[1], resultType),
        Opcode.Div => d.Div(args[0], args[1], resultType),
        Opcode.Max => d.Max(args[0], args[1], resultType),
        Opcode.Min => d.Min(args[0], args[1], resultType),
        Opcode.And => d.And(args[0], args[1]),
        Opcode.Or => d.Or(args[0], args[1]),
        Opcode.Cmp => d.Compare(attrs.Pred, args[0], args[1], argTypes[0]),
        Opcode.Select => d.Select(args[0], args[1], args[2], resultType),
        _ => throw new ArgumentException($"{op.Mnemonic()} is not a scalar op", nameof(op)),
    };

    /// <summary>The identity of a reduction: sum 0, max -inf, min +inf (integers: their extreme values).</summary>
    public static T Identity<T>(INumberDomain<T> d, ReduceKind kind, DType type) => kind switch
    {
        ReduceKind.Sum => d.Const(0.0, type),
        ReduceKind.Max => d.Const(type.IsFloat() ? double.NegativeInfinity : IntRange(type).Min, type),
        ReduceKind.Min => d.Const(type.IsFloat() ? double.PositiveInfinity : IntRange(type).Max, type),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>One step of a reduction: acc' = acc (+|max|min) x, in the reduction's dtype. Sequential order:
    /// the reference meaning of sum[k] is ((0 + x0) + x1) + ... in increasing k.</summary>
    public static T Combine<T>(INumberDomain<T> d, ReduceKind kind, T acc, T x, DType type) => kind switch
    {
        ReduceKind.Sum => d.Add(acc, x, type),
        ReduceKind.Max => d.Max(acc, x, type),
        ReduceKind.Min => d.Min(acc, x, type),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static (double Min, double Max) IntRange(DType t) => t switch
    {
        DType.I8 => (sbyte.MinValue, sbyte.MaxValue),
        DType.I32 => (int.MinValue, int.MaxValue),
        DType.Index => (long.MinValue, long.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not an integer dtype"),
    };
}
