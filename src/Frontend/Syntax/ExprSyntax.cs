using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>An expression as written. Every node carries the span of its whole text.</summary>
public abstract record ExprSyntax(SourceSpan Span);

/// <summary>A numeric literal (`1`, `2.5`, `1e-5`, `inf`); IsInteger when written without '.', exponent or inf.</summary>
public sealed record NumberSyntax(double Value, bool IsInteger, string Text, SourceSpan Span) : ExprSyntax(Span);

/// <summary>A bare name: a rank-0 tensor, a dimension or an index variable (resolved by the binder).</summary>
public sealed record NameSyntax(Identifier Name, SourceSpan Span) : ExprSyntax(Span);

/// <summary>`t[i, j]`: one element of a tensor; the indices are index-variable names.</summary>
public sealed record AccessSyntax(Identifier Tensor, EqArray<Identifier> Indices, SourceSpan Span) : ExprSyntax(Span);

public enum UnaryOp { Neg, Not }

/// <summary>`-x` or `!b`.</summary>
public sealed record UnarySyntax(UnaryOp Op, ExprSyntax Operand, SourceSpan Span) : ExprSyntax(Span);

public enum BinaryOp { Add, Sub, Mul, Div, Lt, Le, Gt, Ge, Eq, Ne, And, Or }

/// <summary>`a op b`; OpSpan is the operator token (diagnostics about the operation point at it).</summary>
public sealed record BinarySyntax(BinaryOp Op, ExprSyntax Left, ExprSyntax Right, SourceSpan OpSpan, SourceSpan Span) : ExprSyntax(Span);

/// <summary>`f(a, b, ...)`: functions, `max`/`min`/`where`, and casts `f16(x, rz)` (resolved by the binder).</summary>
public sealed record CallSyntax(Identifier Function, EqArray<ExprSyntax> Args, SourceSpan Span) : ExprSyntax(Span);

/// <summary>`sum[i, j] body`, `max[j] body`, `min[j] body`; the indices are bound in the body only.</summary>
public sealed record ReduceSyntax(ReduceKind Kind, EqArray<Identifier> Indices, ExprSyntax Body, SourceSpan KeywordSpan, SourceSpan Span) : ExprSyntax(Span);

public static class BinaryOps
{
    public static string Text(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Sub => "-", BinaryOp.Mul => "*", BinaryOp.Div => "/",
        BinaryOp.Lt => "<", BinaryOp.Le => "<=", BinaryOp.Gt => ">", BinaryOp.Ge => ">=",
        BinaryOp.Eq => "==", BinaryOp.Ne => "!=", BinaryOp.And => "&&", BinaryOp.Or => "||",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static bool IsComparison(this BinaryOp op) => op is >= BinaryOp.Lt and <= BinaryOp.Ne;
    public static bool IsLogical(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or;
    public static bool IsArithmetic(this BinaryOp op) => op is >= BinaryOp.Add and <= BinaryOp.Div;
}
