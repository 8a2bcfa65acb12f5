using System.Runtime.InteropServices;
using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

/// <summary>Float buffers in interpreter memory.</summary>
internal static class Buffers
{
    public static ulong Floats(GlobalMemory m, float[] values)
    {
        var a = m.Allocate(values.Length * 4L);
        m.Write(a, MemoryMarshal.AsBytes(values.AsSpan()));
        return a;
    }

    public static float[] ReadFloats(GlobalMemory m, ulong address, int count)
    {
        var r = new float[count];
        m.Read(address, MemoryMarshal.AsBytes(r.AsSpan()));
        return r;
    }

    public static ulong Halves(GlobalMemory m, Half[] values)
    {
        var a = m.Allocate(values.Length * 2L);
        m.Write(a, MemoryMarshal.AsBytes(values.AsSpan()));
        return a;
    }

    /// <summary>Deterministic pseudo-random floats in [-1, 1).</summary>
    public static float[] Random(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    public static void AssertOk(PtxRunResult r) => Assert.True(r.Fault is null, r.Fault?.ToString());
}
