using System.Buffers.Binary;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>Little-endian element bytes of the storable dtypes. Values in a <see cref="Tensor"/> are exactly
/// representable in its dtype, so Encode loses nothing; a value that is not representable is a compiler bug.</summary>
internal static class ElementCodec
{
    public static void Decode(DType t, ReadOnlySpan<byte> src, Span<double> dst)
    {
        int size = t.ByteSize();
        if (src.Length != (long)dst.Length * size) throw new ArgumentException("byte length does not match element count");
        switch (t)
        {
            case DType.F64:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(src.Slice(i * 8, 8)));
                break;
            case DType.F32:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = FloatBits.Decode(BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(i * 4, 4)), FloatLayout.F32);
                break;
            case DType.F16:
            case DType.BF16:
                var layout = FloatBits.LayoutOf(t);
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = FloatBits.Decode(BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(i * 2, 2)), layout);
                break;
            case DType.I8:
                for (int i = 0; i < dst.Length; i++) dst[i] = (sbyte)src[i];
                break;
            case DType.I32:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(i * 4, 4));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(t), t, "not a storable dtype");
        }
    }

    public static void Encode(DType t, ReadOnlySpan<double> src, Span<byte> dst)
    {
        int size = t.ByteSize();
        if (dst.Length != (long)src.Length * size) throw new ArgumentException("byte length does not match element count");
        switch (t)
        {
            case DType.F64:
                for (int i = 0; i < src.Length; i++)
                    BinaryPrimitives.WriteInt64LittleEndian(dst.Slice(i * 8, 8), BitConverter.DoubleToInt64Bits(src[i]));
                break;
            case DType.F32:
                for (int i = 0; i < src.Length; i++)
                    BinaryPrimitives.WriteUInt32LittleEndian(dst.Slice(i * 4, 4), EncodeExact(src[i], FloatLayout.F32, t));
                break;
            case DType.F16:
            case DType.BF16:
                var layout = FloatBits.LayoutOf(t);
                for (int i = 0; i < src.Length; i++)
                    BinaryPrimitives.WriteUInt16LittleEndian(dst.Slice(i * 2, 2), (ushort)EncodeExact(src[i], layout, t));
                break;
            case DType.I8:
                for (int i = 0; i < src.Length; i++) dst[i] = (byte)(sbyte)CheckedInteger(src[i], sbyte.MinValue, sbyte.MaxValue, t);
                break;
            case DType.I32:
                for (int i = 0; i < src.Length; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(dst.Slice(i * 4, 4), (int)CheckedInteger(src[i], int.MinValue, int.MaxValue, t));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(t), t, "not a storable dtype");
        }
    }

    // Invariant: Decode(Encode(v)) == v for every non-NaN v representable in the layout.
    private static uint EncodeExact(double v, FloatLayout layout, DType t)
    {
        uint bits = FloatBits.Encode(v, layout);
        if (!double.IsNaN(v) && FloatBits.Decode(bits, layout) != v)
            throw new InvalidOperationException($"compiler bug: {v:R} is not representable in {t.Name()}");
        return bits;
    }

    private static double CheckedInteger(double v, double min, double max, DType t)
    {
        if (!(v >= min && v <= max) || Math.Floor(v) != v)
            throw new InvalidOperationException($"compiler bug: {v:R} is not representable in {t.Name()}");
        return v;
    }
}
