using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>The safetensors format: u64 little-endian header length N, N bytes of UTF-8 JSON (tensor name ->
/// {dtype, shape, data_offsets}, optional "__metadata__": {string: string}), then the byte buffer, which the
/// tensors' [begin, end) ranges cover exactly once with no holes and no trailing bytes. Elements little-endian.</summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (100 MiB).</summary>
    public const long MaxHeaderBytes = 100L << 20;

    /// <summary>Reads a file; a missing, unreadable or too-large file is a diagnostic. Null iff errors were added.</summary>
    public static IReadOnlyList<NamedTensor>? Read(string path, DiagnosticBag diags)
    {
        var bytes = FileBytes.Read(path, diags);
        return bytes is null ? null : Read(bytes, path, diags);
    }

    /// <summary>Parses and validates fully; the tensors come back sorted by name (ordinal). Never throws on bad
    /// input: every problem is a KC04xx diagnostic naming displayName. Null iff errors were added.</summary>
    public static IReadOnlyList<NamedTensor>? Read(ReadOnlySpan<byte> bytes, string displayName, DiagnosticBag diags) =>
        Read(bytes, displayName, diags, out _);

    /// <summary>As <see cref="Read(ReadOnlySpan{byte}, string, DiagnosticBag)"/>, also returning __metadata__
    /// (null when absent).</summary>
    public static IReadOnlyList<NamedTensor>? Read(ReadOnlySpan<byte> bytes, string displayName, DiagnosticBag diags,
        out IReadOnlyDictionary<string, string>? metadata)
    {
        metadata = null;
        if (bytes.Length < 8)
        {
            diags.Error(TensorFileErrors.TooShort, displayName, $"file has {bytes.Length} bytes, fewer than the 8-byte header length", 0);
            return null;
        }
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)MaxHeaderBytes || n > (ulong)(bytes.Length - 8))
        {
            diags.Error(TensorFileErrors.HeaderLength, displayName, n > (ulong)MaxHeaderBytes
                ? $"header length {n} is above the 100 MiB limit"
                : $"header length {n} runs past the end of the file ({bytes.Length - 8} bytes follow the length)", 0);
            return null;
        }
        int headerLength = (int)n;
        var entries = SafeTensorsHeader.Parse(bytes.Slice(8, headerLength), displayName, diags, out var meta);
        if (entries is null) return null;
        metadata = meta;
        long dataStart = 8L + headerLength;
        var buffer = bytes[(int)dataStart..];
        if (!CheckLayout(entries, buffer.Length, dataStart, displayName, diags)) return null;

        var result = new List<NamedTensor>(entries.Count);
        foreach (var e in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var data = new double[e.ElementCount];
            ElementCodec.Decode(e.DType, buffer[(int)e.Begin..(int)e.End], data);
            result.Add(new NamedTensor(e.Name, new Tensor(e.DType, e.Shape, data)));
        }
        return result;
    }

    // The ranges, sorted by (begin, end), must tile [0, bufferLength): each begins where the previous one ended.
    private static bool CheckLayout(List<SafeTensorsEntry> entries, long bufferLength, long dataStart, string file, DiagnosticBag diags)
    {
        bool ok = true;
        foreach (var e in entries)
            if (e.End > bufferLength)
            {
                diags.Error(TensorFileErrors.OutsideBuffer, file,
                    $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] run past the end of the {bufferLength}-byte buffer", dataStart + Math.Min(e.Begin, bufferLength));
                ok = false;
            }
        if (!ok) return false;
        long cursor = 0;
        string? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            if (e.Begin < cursor)
            {
                diags.Error(TensorFileErrors.Overlap, file, $"tensor '{e.Name}' at [{e.Begin}, {e.End}] overlaps tensor '{previous}' ending at {cursor}", dataStart + e.Begin);
                ok = false;
            }
            else if (e.Begin > cursor)
            {
                diags.Error(TensorFileErrors.Hole, file, $"bytes [{cursor}, {e.Begin}) of the buffer belong to no tensor", dataStart + cursor);
                ok = false;
            }
            if (e.End > cursor) { cursor = e.End; previous = e.Name; }
        }
        if (ok && cursor < bufferLength)
        {
            diags.Error(TensorFileErrors.TrailingBytes, file, $"{bufferLength - cursor} trailing bytes after the last tensor", dataStart + cursor);
            ok = false;
        }
        return ok;
    }

    /// <summary>Deterministic bytes: tensors sorted by name (ordinal), header keys in that order ("__metadata__"
    /// first when given), each entry {"dtype","shape","data_offsets"} in compact JSON, offsets increasing in name
    /// order, the header padded with spaces to a multiple of 8. Duplicate names or the name "__metadata__" are
    /// caller bugs (ArgumentException).</summary>
    public static byte[] Serialize(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Name == SafeTensorsHeader.MetadataKey) throw new ArgumentException("a tensor may not be named __metadata__", nameof(tensors));
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name) throw new ArgumentException($"duplicate tensor name '{sorted[i].Name}'", nameof(tensors));
        }
        var json = new ArrayBufferWriter<byte>();
        long offset = 0;
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata is not null)
            {
                w.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var kv in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(kv.Key, kv.Value);
                w.WriteEndObject();
            }
            foreach (var nt in sorted)
            {
                var t = nt.Tensor;
                w.WriteStartObject(nt.Name);
                w.WriteString("dtype", SafeTensorsDTypes.Name(t.DType));
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                long size = t.Length * t.DType.ByteSize();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + size);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += size;
            }
            w.WriteEndObject();
        }
        int headerLength = (json.WrittenCount + 7) / 8 * 8;
        long total = 8L + headerLength + offset;
        if (total > Array.MaxLength) throw new ArgumentException($"safetensors file of {total} bytes does not fit one buffer", nameof(tensors));
        var bytes = new byte[total];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        json.WrittenSpan.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + json.WrittenCount, headerLength - json.WrittenCount).Fill((byte)' ');
        long at = 8L + headerLength;
        foreach (var nt in sorted)
        {
            int size = (int)(nt.Tensor.Length * nt.Tensor.DType.ByteSize());
            ElementCodec.Encode(nt.Tensor.DType, nt.Tensor.Data, bytes.AsSpan((int)at, size));
            at += size;
        }
        return bytes;
    }

    /// <summary>Serializes and writes atomically (temp file beside the target, then rename).</summary>
    public static void Write(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.WriteAllBytes(path, Serialize(tensors, metadata));
}
