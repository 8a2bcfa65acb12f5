namespace KernelC.IR;

/// <summary>One extent of a shape: a symbolic dimension (N) or a constant (64).</summary>
public abstract record Dim
{
    public sealed record Sym(string Name) : Dim { public override string ToString() => Name; }
    public sealed record Const(long Value) : Dim { public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture); }

    public static Dim Of(string name) => new Sym(name);
    public static Dim Of(long value) => new Const(value);

    /// <summary>The extent under an assignment of the symbolic dimensions.</summary>
    public long Evaluate(IReadOnlyDictionary<string, long> dims) => this switch
    {
        Sym s => dims.TryGetValue(s.Name, out var v) ? v : throw new KeyNotFoundException($"no value for dimension {s.Name}"),
        Const c => c.Value,
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>A constraint on a symbolic dimension from a kernel's where clause. Every dimension is also >= 1.</summary>
public sealed record DimConstraint(string Dim, DimConstraintKind Kind, EqArray<long> Values)
{
    public bool Holds(long value) => Kind switch
    {
        DimConstraintKind.InSet => Values.Contains(value),
        DimConstraintKind.DivisibleBy => value % Values[0] == 0,
        DimConstraintKind.AtLeast => value >= Values[0],
        DimConstraintKind.AtMost => value <= Values[0],
        _ => false,
    };

    public override string ToString() => Kind switch
    {
        DimConstraintKind.InSet => $"{Dim} in {{{string.Join(", ", Values)}}}",
        DimConstraintKind.DivisibleBy => $"{Dim} % {Values[0]} == 0",
        DimConstraintKind.AtLeast => $"{Dim} >= {Values[0]}",
        DimConstraintKind.AtMost => $"{Dim} <= {Values[0]}",
        _ => "?",
    };
}

public enum DimConstraintKind { InSet, DivisibleBy, AtLeast, AtMost }
