using System.Runtime.InteropServices;

namespace KernelC.Runtime.Cuda;

/// <summary>The kernelParams array of cuLaunchKernel: "an array of pointers, one per kernel parameter, each pointing
/// to the memory from which the parameter value is copied" (cuda.h). Values and the pointer array live in one
/// unmanaged block (never moved by the GC, so no pinning can lapse during the launch), freed by Dispose.
/// Layout invariant: pointer i = Base + Offsets[i]; value i is 8-byte aligned (every .u32/.u64/.f32 parameter fits).</summary>
public sealed class KernelArguments : IDisposable
{
    private IntPtr _values;
    private IntPtr _pointers;

    /// <param name="values">Each parameter's bytes in order, little-endian as the GPU reads them (4 or 8 bytes).</param>
    public KernelArguments(IReadOnlyList<byte[]> values)
    {
        Count = values.Count;
        var offsets = new int[values.Count];
        int size = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i].Length is not (1 or 2 or 4 or 8)) throw new ArgumentException($"parameter {i} has {values[i].Length} bytes");
            offsets[i] = size;
            size += 8;
        }
        Offsets = offsets;
        _values = Marshal.AllocHGlobal(Math.Max(size, 8));
        _pointers = Marshal.AllocHGlobal(Math.Max(IntPtr.Size * values.Count, IntPtr.Size));
        for (int i = 0; i < values.Count; i++)
        {
            Marshal.Copy(values[i], 0, _values + offsets[i], values[i].Length);
            Marshal.WriteIntPtr(_pointers, i * IntPtr.Size, _values + offsets[i]);
        }
    }

    public int Count { get; }
    public IReadOnlyList<int> Offsets { get; }

    /// <summary>The void** to pass as kernelParams (null-terminated is not required: the count comes from the entry).</summary>
    public IntPtr Pointer => _pointers != IntPtr.Zero ? _pointers : throw new ObjectDisposedException(nameof(KernelArguments));

    /// <summary>The bytes pointer <paramref name="index"/> points at (<paramref name="size"/> of them).</summary>
    public byte[] ValueAt(int index, int size)
    {
        var p = Marshal.ReadIntPtr(Pointer, index * IntPtr.Size);
        var bytes = new byte[size];
        Marshal.Copy(p, bytes, 0, size);
        return bytes;
    }

    public static byte[] U64(ulong v) => BitConverter.GetBytes(v);
    public static byte[] U32(uint v) => BitConverter.GetBytes(v);
    public static byte[] F32(float v) => BitConverter.GetBytes(v);

    public void Dispose()
    {
        if (_values != IntPtr.Zero) Marshal.FreeHGlobal(_values);
        if (_pointers != IntPtr.Zero) Marshal.FreeHGlobal(_pointers);
        _values = _pointers = IntPtr.Zero;
    }
}
