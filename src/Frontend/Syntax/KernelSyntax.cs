using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>`kernel NAME(params) -> outputs where constraints { definitions schedule? }`.
/// <see cref="Schedule"/> is the optional default pipeline string, stored verbatim and not interpreted.</summary>
public sealed record KernelSyntax(
    Identifier Name,
    EqArray<ParamSyntax> Params,
    EqArray<ParamSyntax> Outputs,
    EqArray<ConstraintSyntax> Constraints,
    EqArray<DefinitionSyntax> Definitions,
    string? Schedule,
    SourceSpan Span);

/// <summary>`name: dtype[dims...]` (a parameter or a declared output); rank 0 when there are no dims.</summary>
public sealed record ParamSyntax(Identifier Name, TypeSyntax Type, SourceSpan Span);

/// <summary>`dtype[d0, d1, ...]`: the dtype is kept as written and resolved by the binder.</summary>
public sealed record TypeSyntax(Identifier DType, EqArray<DimSyntax> Dims, SourceSpan Span);

/// <summary>One extent in a declared shape: a dimension name or an integer constant (null Name).</summary>
public sealed record DimSyntax(Identifier? Name, long Value, SourceSpan Span)
{
    public override string ToString() => Name?.Text ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One `where` constraint: `D in {64, 128}`, `N % 64 == 0` (Remainder must be 0), `N >= 1`, `N <= 4096`.</summary>
public sealed record ConstraintSyntax(Identifier Dim, DimConstraintKind Kind, EqArray<long> Values, long Remainder, SourceSpan Span);

/// <summary>`name[i, j] = expr` (no indices: a rank-0 definition). Indices are fresh index variables.</summary>
public sealed record DefinitionSyntax(Identifier Name, EqArray<Identifier> Indices, ExprSyntax Value, SourceSpan Span);
