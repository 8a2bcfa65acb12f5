using System.Collections.Immutable;

namespace KernelC.IR;

/// <summary>A dense row-major tensor. Elements are stored as doubles that are exactly representable in
/// <see cref="DType"/> (the interpreter rounds before storing).</summary>
public sealed class Tensor
{
    /// <summary>Largest element count a tensor may have (2^28: 2 GiB of doubles).</summary>
    public const long MaxElements = 1L << 28;

    public Tensor(DType dtype, ImmutableArray<long> shape, double[] data)
    {
        if (!dtype.IsStorable()) throw new ArgumentException($"{dtype.Name()} is not a storable dtype", nameof(dtype));
        long n = ElementCount(shape);
        if (n != data.Length) throw new ArgumentException($"shape has {n} elements but data has {data.Length}");
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    public static Tensor Zeros(DType dtype, ImmutableArray<long> shape) => new(dtype, shape, new double[ElementCount(shape)]);

    public DType DType { get; }
    public ImmutableArray<long> Shape { get; }
    public double[] Data { get; }
    public int Rank => Shape.Length;
    public long Length => Data.Length;

    /// <summary>The element count of a shape; throws on negative extents or more than <see cref="MaxElements"/>.</summary>
    public static long ElementCount(ImmutableArray<long> shape) => TryElementCount(shape, out var n)
        ? n : throw new ArgumentException($"shape [{string.Join(", ", shape)}] is negative or has more than {MaxElements} elements");

    /// <summary>The element count of a shape, or false when an extent is negative or the count exceeds
    /// <see cref="MaxElements"/> (checked before multiplying, so it cannot overflow).</summary>
    public static bool TryElementCount(IEnumerable<long> shape, out long count)
    {
        count = 1;
        foreach (var e in shape)
        {
            if (e < 0) return false;
            if (e != 0 && count > MaxElements / e) return false;
            count *= e;
        }
        return count <= MaxElements;
    }

    /// <summary>Row-major linear offset of an index tuple.</summary>
    public long Offset(ReadOnlySpan<long> index)
    {
        long off = 0;
        for (int i = 0; i < Shape.Length; i++) off = off * Shape[i] + index[i];
        return off;
    }

    public double this[params long[] index] => Data[Offset(index)];

    public string ShapeString => "[" + string.Join(", ", Shape) + "]";
}
