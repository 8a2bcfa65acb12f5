using KernelC.IR;

namespace KernelC.Frontend.Binding;

/// <summary>A checked expression. <see cref="Type"/> is its dtype; every node is well typed (the binder returns
/// <see cref="BoundError"/> where it reported an error, and nothing built on an error is lowered).</summary>
public abstract record BoundExpr(DType Type);

/// <summary>An error already reported; absorbs further errors about the same expression.</summary>
public sealed record BoundError() : BoundExpr(DType.F32);

/// <summary>A literal, already rounded to <see cref="BoundExpr.Type"/> (exactly representable in it).</summary>
public sealed record BoundConst(double Value, DType DType) : BoundExpr(DType);

/// <summary>The value of a symbolic dimension (dtype index; a cast converts it where another dtype is needed).</summary>
public sealed record BoundDim(string Name) : BoundExpr(DType.Index);

/// <summary>The current value of an index variable (dtype index).</summary>
public sealed record BoundIndexRef(BoundIndex Index) : BoundExpr(DType.Index);

/// <summary>One element of a tensor: a parameter or an earlier definition.</summary>
public sealed record BoundLoad(BoundTensor Tensor, EqArray<BoundIndex> Indices) : BoundExpr(Tensor.DType);

/// <summary>Neg, Abs, Exp, Log, Sqrt, Rsqrt, Tanh, Erf, Not on one operand of the same dtype (Not: bool).</summary>
public sealed record BoundUnary(Opcode Op, BoundExpr Operand) : BoundExpr(Operand.Type);

/// <summary>gelu(x) = 0.5·x·(1 + erf(x / sqrt(2))), expanded by lowering into core ops.</summary>
public sealed record BoundGelu(BoundExpr Operand) : BoundExpr(Operand.Type);

/// <summary>Add, Sub, Mul, Div, Max, Min, And, Or: both operands and the result have one dtype.</summary>
public sealed record BoundBinary(Opcode Op, BoundExpr Left, BoundExpr Right) : BoundExpr(Left.Type);

/// <summary>A comparison of two operands of one dtype; a bool.</summary>
public sealed record BoundCompare(CmpPred Pred, BoundExpr Left, BoundExpr Right) : BoundExpr(DType.Bool);

/// <summary>where(cond, a, b): a when cond holds, else b.</summary>
public sealed record BoundSelect(BoundExpr Condition, BoundExpr IfTrue, BoundExpr IfFalse) : BoundExpr(IfTrue.Type);

/// <summary>An explicit conversion with a rounding mode (also the implicit conversion of a dimension value).</summary>
public sealed record BoundCast(BoundExpr Operand, DType To, RoundingMode Mode) : BoundExpr(To);

/// <summary>sum/max/min of the body over all values of the indices (row-major order).</summary>
public sealed record BoundReduce(ReduceKind Kind, EqArray<BoundIndex> Indices, BoundExpr Body) : BoundExpr(Body.Type);
