namespace KernelC.IR;

/// <summary>The type of an SSA value: an element dtype and a (possibly empty) symbolic shape.
/// Rank 0 is a scalar.</summary>
public sealed record ValueType(DType DType, EqArray<Dim> Shape)
{
    public static ValueType Scalar(DType t) => new(t, EqArray<Dim>.Empty);
    public static ValueType Tensor(DType t, params Dim[] shape) => new(t, EqArray.Of(shape));

    public int Rank => Shape.Count;
    public bool IsScalar => Rank == 0;

    /// <summary>Text form: "f32" or "f32[N, D]".</summary>
    public override string ToString() => IsScalar ? DType.Name() : $"{DType.Name()}[{string.Join(", ", Shape)}]";
}
