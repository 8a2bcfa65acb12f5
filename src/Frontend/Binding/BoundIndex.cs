using KernelC.IR;

namespace KernelC.Frontend.Binding;

/// <summary>An index variable of a definition's left-hand side or of a reduction. Its extent is inferred by the
/// binder from the first tensor access that uses it (every later use must agree); null when never used to index
/// a tensor (an error). Reference identity: two index variables with the same name are different variables.</summary>
public sealed class BoundIndex(string name, SourceSpan declaration)
{
    public string Name { get; } = name;
    public SourceSpan Declaration { get; } = declaration;
    public Dim? Extent { get; private set; }
    /// <summary>Where the extent was inferred from (for the conflict message).</summary>
    public string? ExtentSource { get; private set; }

    internal void SetExtent(Dim extent, string source)
    {
        Extent = extent;
        ExtentSource = source;
    }

    public override string ToString() => Name;
}
