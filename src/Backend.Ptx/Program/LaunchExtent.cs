namespace KernelC.Backend.Ptx.Program;

/// <summary>A grid extent: Constant when Dim is null, else ceil(dims[Dim] / Divisor) (Divisor ≥ 1).</summary>
public sealed record LaunchExtent(string? Dim, long Divisor, long Constant)
{
    public static LaunchExtent One { get; } = new(null, 1, 1);
    public static LaunchExtent Of(long constant) => new(null, 1, constant);
    public static LaunchExtent CeilDiv(string dim, long divisor) => new(dim, divisor, 0);

    public long Evaluate(IReadOnlyDictionary<string, long> dims)
    {
        if (Dim is null) return Constant;
        if (!dims.TryGetValue(Dim, out var v)) throw new KeyNotFoundException($"no value for dimension {Dim}");
        return (v + Divisor - 1) / Divisor;
    }

    public override string ToString() => Dim is null ? Constant.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Divisor == 1 ? Dim : $"ceil({Dim}/{Divisor})";
}
