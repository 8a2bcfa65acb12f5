using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using KernelC.IR;

namespace KernelC.Runtime.Tests;

/// <summary>Helpers: hand-built files and a temporary folder per test.</summary>
internal static class TestFiles
{
    /// <summary>u64 LE length of the header text, the header's UTF-8 bytes, then data.</summary>
    public static byte[] Build(string header, params byte[] data) => BuildRaw(Encoding.UTF8.GetBytes(header), data);

    public static byte[] BuildRaw(byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static NamedTensor T(string name, DType t, long[] shape, params double[] data) =>
        new(name, new Tensor(t, shape.ToImmutableArray(), data));

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kc-runtime-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static long[] Bits(Tensor t) => t.Data.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
