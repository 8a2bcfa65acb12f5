using KernelC.Frontend.Syntax;

namespace KernelC.Frontend.Binding;

/// <summary>Untyped constant expressions: built only from literals, dimension names, unary minus, + - * /,
/// max/min and the math functions. They have no dtype of their own and take the one their context requires
/// (see docs/language.md, "Constants").</summary>
internal static class ConstantExprs
{
    private static readonly HashSet<string> MathFunctions = new() { "exp", "log", "sqrt", "rsqrt", "tanh", "erf", "gelu", "abs", "max", "min" };

    public static bool IsConstant(ExprSyntax e, BodyScope scope) => e switch
    {
        NumberSyntax => true,
        NameSyntax n => scope.Index(n.Name.Text) is null && scope.Tensor(n.Name.Text) is null && scope.IsDim(n.Name.Text),
        UnarySyntax { Op: UnaryOp.Neg } u => IsConstant(u.Operand, scope),
        BinarySyntax b => b.Op.IsArithmetic() && IsConstant(b.Left, scope) && IsConstant(b.Right, scope),
        CallSyntax c => MathFunctions.Contains(c.Function.Text) && c.Args.Count > 0 && c.Args.All(a => IsConstant(a, scope)),
        _ => false,
    };
}
