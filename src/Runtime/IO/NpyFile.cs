using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>NumPy .npy files, versions 1.0, 2.0 and 3.0: "\x93NUMPY", major, minor, header length (u16 in 1.0,
/// u32 after), the header dict (latin-1; UTF-8 in 3.0), then exactly elements * itemsize data bytes, C order.
/// Descrs: &lt;f8 &lt;f4 &lt;f2 |i1 &lt;i4. bf16 has no descr and cannot be stored.</summary>
public static class NpyFile
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };
    private static readonly (string Descr, DType DType)[] Descrs =
        { ("<f8", DType.F64), ("<f4", DType.F32), ("<f2", DType.F16), ("|i1", DType.I8), ("<i4", DType.I32) };

    public static bool CanStore(DType t) => Descrs.Any(d => d.DType == t);

    public static Tensor? Read(string path, DiagnosticBag diags)
    {
        var bytes = FileBytes.Read(path, diags);
        return bytes is null ? null : Read(bytes, path, diags);
    }

    /// <summary>Parses and validates; never throws on bad input. Null iff errors were added.</summary>
    public static Tensor? Read(ReadOnlySpan<byte> bytes, string displayName, DiagnosticBag diags)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            diags.Error(TensorFileErrors.NpyBadPreamble, displayName, "not a .npy file (no \\x93NUMPY magic)", 0);
            return null;
        }
        byte major = bytes[6], minor = bytes[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            diags.Error(TensorFileErrors.NpyBadPreamble, displayName, $".npy format version {major}.{minor} is not supported (1.0, 2.0, 3.0)", 6);
            return null;
        }
        int prefix = major == 1 ? 10 : 12;
        if (bytes.Length < prefix)
        {
            diags.Error(TensorFileErrors.NpyBadPreamble, displayName, "file ends inside the .npy preamble", bytes.Length);
            return null;
        }
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerLength > bytes.Length - prefix)
        {
            diags.Error(TensorFileErrors.NpyBadPreamble, displayName, $"header length {headerLength} runs past the end of the file", 8);
            return null;
        }
        var headerBytes = bytes.Slice(prefix, (int)headerLength);
        if (major == 3 && !Utf8.IsValid(headerBytes))
        {
            diags.Error(TensorFileErrors.NpyBadHeader, displayName, "header is not valid UTF-8", prefix);
            return null;
        }
        string text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : NpyHeader.Latin1(headerBytes);
        if (NpyHeader.Parse(text, out var error) is not { } header)
        {
            diags.Error(TensorFileErrors.NpyBadHeader, displayName, $"bad .npy header: {error}", prefix);
            return null;
        }
        if (header.FortranOrder)
        {
            diags.Error(TensorFileErrors.NpyUnsupported, displayName, "fortran_order True is not supported (save C-ordered arrays)", prefix);
            return null;
        }
        int d = Array.FindIndex(Descrs, x => x.Descr == header.Descr);
        if (d < 0)
        {
            diags.Error(TensorFileErrors.NpyUnsupported, displayName, header.Descr.StartsWith('>')
                ? $"big-endian descr '{header.Descr}' is not supported (save little-endian)"
                : $"descr '{header.Descr}' is not supported (supported: <f8 <f4 <f2 |i1 <i4)", prefix);
            return null;
        }
        var dtype = Descrs[d].DType;
        long count = 1;
        foreach (var e in header.Shape)
        {
            count *= e; // both factors <= 2^28 while count <= MaxElements
            if (count > Tensor.MaxElements) break;
        }
        if (header.Shape.Contains(0)) count = 0;
        if (count > Tensor.MaxElements)
        {
            diags.Error(TensorFileErrors.TooManyElements, displayName, $"shape has more than {Tensor.MaxElements} elements", prefix);
            return null;
        }
        long dataStart = prefix + headerLength;
        long expected = count * dtype.ByteSize();
        long actual = bytes.Length - dataStart;
        if (actual != expected)
        {
            diags.Error(TensorFileErrors.NpyDataLength, displayName, actual < expected
                ? $"data has {actual} bytes but {header.Descr} {SafeTensorsHeader.ShapeText(header.Shape)} needs {expected}"
                : $"{actual - expected} trailing bytes after the data", dataStart + Math.Min(actual, expected));
            return null;
        }
        var data = new double[count];
        ElementCodec.Decode(dtype, bytes[(int)dataStart..], data);
        return new Tensor(dtype, header.Shape, data);
    }

    /// <summary>numpy's layout: version 1.0 (2.0 if the header exceeds 65535 bytes), dict padded with spaces and
    /// ended by '\n' so the data starts at a multiple of 64. bf16 is a caller bug here (ArgumentException): check
    /// <see cref="CanStore"/> first.</summary>
    public static byte[] Serialize(Tensor tensor)
    {
        int d = Array.FindIndex(Descrs, x => x.DType == tensor.DType);
        if (d < 0) throw new ArgumentException($".npy has no descr for {tensor.DType.Name()}", nameof(tensor));
        var dict = new NpyHeader(Descrs[d].Descr, false, tensor.Shape).Format();
        int prefix = 10;
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64 - prefix;
        if (padded > ushort.MaxValue) { prefix = 12; padded = (prefix + dict.Length + 1 + 63) / 64 * 64 - prefix; }
        long size = tensor.Length * tensor.DType.ByteSize();
        var bytes = new byte[prefix + padded + size];
        Magic.CopyTo(bytes, 0);
        bytes[6] = prefix == 10 ? (byte)1 : (byte)2;
        bytes[7] = 0;
        if (prefix == 10) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)padded);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)padded);
        var header = bytes.AsSpan(prefix, padded);
        header.Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, header);
        header[^1] = (byte)'\n';
        ElementCodec.Encode(tensor.DType, tensor.Data, bytes.AsSpan(prefix + padded));
        return bytes;
    }

    /// <summary>Serializes and writes atomically.</summary>
    public static void Write(string path, Tensor tensor) => AtomicFile.WriteAllBytes(path, Serialize(tensor));
}
