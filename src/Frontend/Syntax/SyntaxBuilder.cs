using System.Globalization;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using KernelC.IR;
using P = KernelC.Frontend.Generated.KernelCParser;

namespace KernelC.Frontend.Syntax;

/// <summary>Turns an error-free parse tree into immutable AST records. Reports KC0106 for numbers that do not
/// fit (an integer beyond 64 bits, a float literal that overflows binary64).</summary>
internal sealed class SyntaxBuilder(SourceText text, DiagnosticBag diags)
{
    public const string NumberOutOfRange = DiagnosticIds.NumberOutOfRange;

    public SourceUnit Build(P.UnitContext unit) => new(text, unit.kernel().Select(Kernel).ToEqArray());

    private SourceSpan Span(ParserRuleContext c)
    {
        int start = c.Start.StartIndex;
        int stop = c.Stop is { } s && s.StopIndex >= start ? s.StopIndex : start;
        return new SourceSpan(text, start, stop - start + 1);
    }

    private SourceSpan Span(IToken t) => new(text, t.StartIndex, Math.Max(1, t.StopIndex - t.StartIndex + 1));
    private Identifier Id(IToken t) => new(t.Text, Span(t));
    private Identifier Id(ITerminalNode n) => Id(n.Symbol);

    private KernelSyntax Kernel(P.KernelContext k)
    {
        var ps = k.@params()?.param().Select(Param).ToEqArray() ?? EqArray<ParamSyntax>.Empty;
        var outs = k.outputs() switch
        {
            P.OutputListContext l => l.param().Select(Param).ToEqArray(),
            P.SingleOutputContext s => EqArray.Of(Param(s.param())),
            _ => EqArray<ParamSyntax>.Empty,
        };
        var cons = k.whereClause()?.constraint().Select(Constraint).ToEqArray() ?? EqArray<ConstraintSyntax>.Empty;
        var defs = k.definition().Select(Definition).ToEqArray();
        string? schedule = null;
        if (k.schedule() is { } sc)
        {
            var t = sc.STRING().Symbol;
            schedule = text.Text.Substring(t.StartIndex + 1, t.StopIndex - t.StartIndex - 1);
        }
        return new KernelSyntax(Id(k.name), ps, outs, cons, defs, schedule, Span(k));
    }

    private ParamSyntax Param(P.ParamContext p) => new(Id(p.name), Type(p.type()), Span(p));

    private TypeSyntax Type(P.TypeContext t) => new(Id(t.dtype), t.dim().Select(Dim).ToEqArray(), Span(t));

    private DimSyntax Dim(P.DimContext d) => d.ID() is { } id
        ? new DimSyntax(Id(id), 0, Span(d))
        : new DimSyntax(null, Integer(d.INT()), Span(d));

    private long Integer(ITerminalNode n)
    {
        if (long.TryParse(n.GetText(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
        diags.Error(NumberOutOfRange, Span(n.Symbol), $"integer {n.GetText()} is too large (at most {long.MaxValue})");
        return 1;
    }

    private ConstraintSyntax Constraint(P.ConstraintContext c) => c switch
    {
        P.InSetConstraintContext s => new(Id(s.dimName), DimConstraintKind.InSet, s.INT().Select(Integer).ToEqArray(), 0, Span(c)),
        P.DivisibleConstraintContext d => new(Id(d.dimName), DimConstraintKind.DivisibleBy,
            EqArray.Of(Integer(d.INT(0))), Integer(d.INT(1)), Span(c)),
        P.BoundConstraintContext b => new(Id(b.dimName), b.op.Text == ">=" ? DimConstraintKind.AtLeast : DimConstraintKind.AtMost,
            EqArray.Of(Integer(b.INT())), 0, Span(c)),
        _ => throw new InvalidOperationException("unknown constraint form"),
    };

    private DefinitionSyntax Definition(P.DefinitionContext d) =>
        new(Id(d.name), d.ID().Skip(1).Select(Id).ToEqArray(), Expr(d.expr()), Span(d));

    private ExprSyntax Expr(P.ExprContext e) => e switch
    {
        P.UnaryContext u => new UnarySyntax(u.op.Text == "-" ? UnaryOp.Neg : UnaryOp.Not, Expr(u.expr()), Span(u)),
        P.BinaryContext b => new BinarySyntax(Binary(b.op.Text), Expr(b.expr(0)), Expr(b.expr(1)), Span(b.op), Span(b)),
        P.ReduceContext r => new ReduceSyntax(r.kind.Text switch { "sum" => ReduceKind.Sum, "max" => ReduceKind.Max, _ => ReduceKind.Min },
            r.ID().Select(Id).ToEqArray(), Expr(r.expr()), Span(r.kind), Span(r)),
        P.AtomContext a => Primary(a.primary()),
        _ => throw new InvalidOperationException("unknown expression form"),
    };

    private ExprSyntax Primary(P.PrimaryContext p) => p switch
    {
        P.ParenContext par => Expr(par.expr()),
        P.CallContext c => new CallSyntax(Id(c.fn), c.expr().Select(Expr).ToEqArray(), Span(c)),
        P.AccessContext a => new AccessSyntax(Id(a.name), a.ID().Skip(1).Select(Id).ToEqArray(), Span(a)),
        P.NameContext n => new NameSyntax(Id(n.name), Span(n)),
        P.NumberContext num => Number(num),
        _ => throw new InvalidOperationException("unknown primary form"),
    };

    private ExprSyntax Number(P.NumberContext n)
    {
        var s = n.GetText();
        if (n.INF() is not null) return new NumberSyntax(double.PositiveInfinity, false, s, Span(n));
        bool isInt = n.INT() is not null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsInfinity(v)
            || (isInt && v >= 9007199254740992.0 && !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            diags.Error(NumberOutOfRange, Span(n), $"number {s} is out of range");
            v = 0;
        }
        return new NumberSyntax(v, isInt, s, Span(n));
    }

    private static BinaryOp Binary(string op) => op switch
    {
        "+" => BinaryOp.Add, "-" => BinaryOp.Sub, "*" => BinaryOp.Mul, "/" => BinaryOp.Div,
        "<" => BinaryOp.Lt, "<=" => BinaryOp.Le, ">" => BinaryOp.Gt, ">=" => BinaryOp.Ge,
        "==" => BinaryOp.Eq, "!=" => BinaryOp.Ne, "&&" => BinaryOp.And, "||" => BinaryOp.Or,
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    };
}
