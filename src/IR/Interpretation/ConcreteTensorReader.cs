namespace KernelC.IR;

/// <summary>Reads elements of concrete row-major arrays (inputs and compute results) by value name. Tensors are
/// few: a linear search comparing names (reference-equal in the usual case) beats hashing. An index outside the
/// shape is recorded (the first one) and reads NaN; the interpreter reports it.</summary>
internal sealed class ConcreteTensorReader : ITensorReader<double>
{
    private readonly List<(string Name, double[] Data, long[] Shape)> _tensors = new();

    public string? OutOfBounds { get; private set; }

    public void Add(string name, double[] data, long[] shape) => _tensors.Add((name, data, shape));

    public double Load(Value tensor, ReadOnlySpan<long> index)
    {
        foreach (var (name, data, shape) in _tensors)
        {
            if (!ReferenceEquals(name, tensor.Name) && name != tensor.Name) continue;
            long off = 0;
            for (int k = 0; k < shape.Length; k++)
            {
                if ((ulong)index[k] >= (ulong)shape[k])
                {
                    OutOfBounds ??= $"load of {tensor}[{string.Join(", ", index.ToArray())}] is outside its shape [{string.Join(", ", shape)}]";
                    return double.NaN;
                }
                off = off * shape[k] + index[k];
            }
            return data[off];
        }
        throw new InvalidOperationException($"no tensor {tensor} (verify the IR first)");
    }
}
