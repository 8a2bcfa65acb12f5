using System.Collections.Immutable;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>Seeded random inputs, identical on every machine: SplitMix64 started at seed ^ FNV-1a64(UTF-8 name),
/// one draw per element in row-major order.
/// Floats: k * 2^-52 - 1 (uniform in [-1, 1)), rounded to the dtype with round-to-nearest-even, so a narrow
/// dtype may also yield +1.0 (e.g. f16 rounds 1 - 2^-12 up). i8: uniform in [-8, 8]; i32: uniform in [-100, 100].</summary>
public static class RandomTensors
{
    public static Tensor Uniform(DType dtype, ImmutableArray<long> shape, ulong seed, string name)
    {
        if (!dtype.IsStorable()) throw new ArgumentException($"{dtype.Name()} is not a storable dtype", nameof(dtype));
        var data = new double[Tensor.ElementCount(shape)];
        var rng = new SplitMix64(seed ^ StableHash.Fnv1a64(name));
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = dtype switch
            {
                DType.I8 => (long)rng.NextBelow(17) - 8,
                DType.I32 => (long)rng.NextBelow(201) - 100,
                _ => FloatBits.Round(rng.NextSigned(), dtype),
            };
        }
        return new Tensor(dtype, shape, data);
    }
}
