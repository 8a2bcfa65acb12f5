namespace KernelC.IR;

/// <summary>Reads one element of a tensor-typed value (a kernel parameter or a compute result) for the
/// <see cref="RegionEvaluator{T}"/>. The index has the tensor's rank.</summary>
public interface ITensorReader<T>
{
    T Load(Value tensor, ReadOnlySpan<long> index);
}
