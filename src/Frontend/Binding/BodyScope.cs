using KernelC.IR;

namespace KernelC.Frontend.Binding;

/// <summary>The names visible while checking one definition of a kernel body: dimensions, parameters,
/// definitions made so far, the names still to be defined later (for "used before its definition"), and the
/// index variables bound by the left-hand side and the enclosing reductions (innermost last).</summary>
internal sealed class BodyScope(IReadOnlyList<string> dims, IReadOnlyDictionary<string, BoundTensor> defined,
    IReadOnlySet<string> laterDefinitions, string? current)
{
    private readonly List<Dictionary<string, BoundIndex>> _indexScopes = new();

    public bool IsDim(string name) => dims.Contains(name);
    public BoundTensor? Tensor(string name) => defined.TryGetValue(name, out var t) ? t : null;
    /// <summary>True when the name is defined later in the body (or is the definition being checked).</summary>
    public bool IsDefinedLater(string name) => name == current || laterDefinitions.Contains(name);
    public bool IsCurrent(string name) => name == current;

    public BoundIndex? Index(string name)
    {
        for (int i = _indexScopes.Count - 1; i >= 0; i--)
            if (_indexScopes[i].TryGetValue(name, out var x)) return x;
        return null;
    }

    /// <summary>A name an index variable may not take: a dimension, a tensor of the kernel (any, also later ones).</summary>
    public bool IsReservedForIndex(string name) => IsDim(name) || defined.ContainsKey(name) || laterDefinitions.Contains(name) || name == current;

    public void Push(IEnumerable<BoundIndex> indices)
    {
        var d = new Dictionary<string, BoundIndex>();
        foreach (var x in indices) d.TryAdd(x.Name, x);
        _indexScopes.Add(d);
    }

    public void Pop() => _indexScopes.RemoveAt(_indexScopes.Count - 1);
}
