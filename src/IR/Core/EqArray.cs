using System.Collections;
using System.Collections.Immutable;

namespace KernelC.IR;

/// <summary>An immutable array with structural equality, so records holding it compare by content.</summary>
public readonly struct EqArray<T> : IReadOnlyList<T>, IEquatable<EqArray<T>>
{
    private readonly ImmutableArray<T> _items;

    public EqArray(ImmutableArray<T> items) => _items = items.IsDefault ? ImmutableArray<T>.Empty : items;
    public EqArray(IEnumerable<T> items) => _items = items.ToImmutableArray();

    public static readonly EqArray<T> Empty = new(ImmutableArray<T>.Empty);

    public ImmutableArray<T> Items => _items.IsDefault ? ImmutableArray<T>.Empty : _items;
    public int Count => Items.Length;
    public T this[int index] => Items[index];
    public bool IsEmpty => Count == 0;

    public EqArray<T> Add(T item) => new(Items.Add(item));
    public EqArray<T> SetItem(int index, T item) => new(Items.SetItem(index, item));
    public EqArray<TOut> Map<TOut>(Func<T, TOut> f) => new(Items.Select(f));

    public bool Equals(EqArray<T> other)
    {
        var a = Items; var b = other.Items;
        if (a.Length != b.Length) return false;
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Length; i++)
            if (!cmp.Equals(a[i], b[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is EqArray<T> o && Equals(o);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var x in Items) h.Add(x);
        return h.ToHashCode();
    }

    public static bool operator ==(EqArray<T> a, EqArray<T> b) => a.Equals(b);
    public static bool operator !=(EqArray<T> a, EqArray<T> b) => !a.Equals(b);

    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

public static class EqArray
{
    public static EqArray<T> Of<T>(params T[] items) => new(ImmutableArray.Create(items));
    public static EqArray<T> ToEqArray<T>(this IEnumerable<T> items) => new(items);
}
