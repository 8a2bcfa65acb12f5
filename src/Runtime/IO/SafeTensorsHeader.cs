using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>Parses and validates a safetensors JSON header. Every problem becomes a KC04xx diagnostic; parsing
/// goes on after a bad entry so that one read reports all of them. Byte offsets in diagnostics are file offsets
/// (the header starts at byte 8). The header must start with '{'; JSON whitespace (normally spaces) may follow the
/// object.</summary>
internal static class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";
    private const long HeaderStart = 8;
    private static readonly string[] Fields = { "dtype", "shape", "data_offsets" };

    /// <summary>The entries in header order, or null if any problem was reported.</summary>
    public static List<SafeTensorsEntry>? Parse(ReadOnlySpan<byte> json, string file, DiagnosticBag diags,
        out Dictionary<string, string>? metadata)
    {
        metadata = null;
        int before = diags.Count;
        if (!Utf8.IsValid(json))
        {
            diags.Error(TensorFileErrors.HeaderNotJson, file, "header is not valid UTF-8", HeaderStart + FirstInvalidUtf8(json));
            return null;
        }
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            // as the reference implementation: no leading whitespace or byte-order mark (padding goes after the JSON)
            diags.Error(TensorFileErrors.HeaderNotJson, file, "header must start with '{'", HeaderStart);
            return null;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            long? at = e.LineNumber == 0 && e.BytePositionInLine is { } b ? HeaderStart + b : HeaderStart;
            diags.Error(TensorFileErrors.HeaderNotJson, file,
                $"header is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line)", at);
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                diags.Error(TensorFileErrors.HeaderNotJson, file, $"header must be a JSON object, not {Kind(root)}", HeaderStart);
                return null;
            }
            var entries = new List<SafeTensorsEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var keyOffsets = TopLevelKeyOffsets(json);
            int index = 0;
            foreach (var prop in root.EnumerateObject())
            {
                // EnumerateObject yields keys in document order, as the reader found them
                long at = HeaderStart + (index < keyOffsets.Count ? keyOffsets[index] : 0);
                index++;
                if (!TryName(prop, file, diags, out var name, at)) continue;
                if (!seen.Add(name))
                {
                    diags.Error(TensorFileErrors.DuplicateKey, file, $"duplicate key '{name}' in header", at);
                    continue;
                }
                if (name == MetadataKey) metadata = ParseMetadata(prop.Value, file, diags, at);
                else if (ParseEntry(name, prop.Value, file, diags, at) is { } entry) entries.Add(entry);
            }
            return diags.Count == before ? entries : null;
        }
    }

    private static Dictionary<string, string>? ParseMetadata(JsonElement v, string file, DiagnosticBag diags, long at)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            diags.Error(TensorFileErrors.BadMetadata, file, $"__metadata__ must be an object of strings, not {Kind(v)}", at);
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            if (!TryName(p, file, diags, out var key, at)) continue;
            if (result.ContainsKey(key))
            {
                diags.Error(TensorFileErrors.DuplicateKey, file, $"duplicate key '{key}' in __metadata__", at);
                continue;
            }
            if (p.Value.ValueKind != JsonValueKind.String || !TryString(p.Value, out var value))
            {
                diags.Error(TensorFileErrors.BadMetadata, file, $"__metadata__ value of '{key}' must be a string, not {Kind(p.Value)}", at);
                continue;
            }
            result[key] = value;
        }
        return result;
    }

    private static SafeTensorsEntry? ParseEntry(string name, JsonElement v, string file, DiagnosticBag diags, long at)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            diags.Error(TensorFileErrors.WrongJsonType, file, $"tensor '{name}' must be an object, not {Kind(v)}", at);
            return null;
        }
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        bool ok = true;
        foreach (var p in v.EnumerateObject())
        {
            if (!TryName(p, file, diags, out var key, at)) { ok = false; continue; }
            if (Array.IndexOf(Fields, key) < 0)
            {
                diags.Error(TensorFileErrors.MissingOrExtraField, file, $"tensor '{name}' has unknown field '{key}'", at);
                ok = false;
            }
            else if (!fields.TryAdd(key, p.Value))
            {
                diags.Error(TensorFileErrors.DuplicateKey, file, $"tensor '{name}' has field '{key}' twice", at);
                ok = false;
            }
        }
        foreach (var f in Fields)
            if (!fields.ContainsKey(f))
            {
                diags.Error(TensorFileErrors.MissingOrExtraField, file, $"tensor '{name}' has no field '{f}'", at);
                ok = false;
            }
        if (!ok) return null;

        DType? dtype = ParseDType(name, fields["dtype"], file, diags, at);
        var shape = ParseShape(name, fields["shape"], file, diags, at, out long count);
        var offsets = ParseOffsets(name, fields["data_offsets"], file, diags, at);
        if (dtype is not { } t || shape is not { } s || offsets is not var (begin, end)) return null;
        if (end < begin)
        {
            diags.Error(TensorFileErrors.EndBeforeBegin, file, $"tensor '{name}': data_offsets end {end} is before begin {begin}", at);
            return null;
        }
        long expected = count * t.ByteSize(); // count <= 2^28, so no overflow
        if (end - begin != expected)
        {
            diags.Error(TensorFileErrors.WrongByteLength, file,
                $"tensor '{name}': data_offsets span {end - begin} bytes but {SafeTensorsDTypes.Name(t)}{ShapeText(s)} needs {expected}", at);
            return null;
        }
        return new SafeTensorsEntry(name, t, s, count, begin, end);
    }

    private static DType? ParseDType(string name, JsonElement v, string file, DiagnosticBag diags, long at)
    {
        if (v.ValueKind != JsonValueKind.String || !TryString(v, out var s))
        {
            diags.Error(TensorFileErrors.WrongJsonType, file, $"tensor '{name}': dtype must be a string, not {Kind(v)}", at);
            return null;
        }
        if (SafeTensorsDTypes.TryParse(s, out var t)) return t;
        diags.Error(TensorFileErrors.UnsupportedDType, file, SafeTensorsDTypes.IsRecognised(s)
            ? $"tensor '{name}': unsupported dtype {s} for KernelC (supported: F64, F32, F16, BF16, I8, I32)"
            : $"tensor '{name}': unknown dtype '{s}'", at);
        return null;
    }

    private static ImmutableArray<long>? ParseShape(string name, JsonElement v, string file, DiagnosticBag diags, long at, out long count)
    {
        count = 1;
        if (v.ValueKind != JsonValueKind.Array)
        {
            diags.Error(TensorFileErrors.WrongJsonType, file, $"tensor '{name}': shape must be an array, not {Kind(v)}", at);
            return null;
        }
        var dims = ImmutableArray.CreateBuilder<long>();
        bool ok = true, tooMany = false;
        foreach (var d in v.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number)
            {
                diags.Error(TensorFileErrors.WrongJsonType, file, $"tensor '{name}': shape entries must be numbers, not {Kind(d)}", at);
                ok = false;
                continue;
            }
            if (!d.TryGetInt64(out long e) || e < 0 || e > Tensor.MaxElements)
            {
                diags.Error(TensorFileErrors.BadShapeEntry, file,
                    $"tensor '{name}': shape entry {d.GetRawText()} is not an integer in [0, {Tensor.MaxElements}]", at);
                ok = false;
                continue;
            }
            dims.Add(e);
            // count stays <= MaxElements, or 0 once an extent is 0; both factors <= 2^28, so the product fits.
            if (!tooMany) { count *= e; tooMany = count > Tensor.MaxElements; }
        }
        if (!ok) return null;
        if (tooMany && !dims.Contains(0))
        {
            diags.Error(TensorFileErrors.TooManyElements, file,
                $"tensor '{name}': shape {ShapeText(dims.ToImmutable())} has more than {Tensor.MaxElements} elements", at);
            return null;
        }
        if (dims.Contains(0)) count = 0;
        return dims.ToImmutable();
    }

    private static (long Begin, long End)? ParseOffsets(string name, JsonElement v, string file, DiagnosticBag diags, long at)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 2)
        {
            diags.Error(TensorFileErrors.WrongJsonType, file, $"tensor '{name}': data_offsets must be an array of two integers", at);
            return null;
        }
        var r = new long[2];
        for (int i = 0; i < 2; i++)
        {
            var d = v[i];
            if (d.ValueKind != JsonValueKind.Number)
            {
                diags.Error(TensorFileErrors.WrongJsonType, file, $"tensor '{name}': data_offsets entries must be numbers, not {Kind(d)}", at);
                return null;
            }
            if (!d.TryGetInt64(out r[i]) || r[i] < 0)
            {
                diags.Error(TensorFileErrors.BadOffset, file, $"tensor '{name}': data_offsets entry {d.GetRawText()} is not an integer in [0, 2^63)", at);
                return null;
            }
        }
        return (r[0], r[1]);
    }

    // JSON escapes can spell lone surrogates ("\ud800"), which have no UTF-8 form: such a name is refused.
    private static bool TryName(JsonProperty p, string file, DiagnosticBag diags, out string name, long at)
    {
        bool valid;
        try
        {
            name = p.Name;
            valid = !HasLoneSurrogate(name);
        }
        catch (InvalidOperationException)
        {
            name = "";
            valid = false;
        }
        if (valid) return true;
        diags.Error(TensorFileErrors.HeaderNotJson, file, "header has a key that is not valid Unicode", at);
        return false;
    }

    private static bool TryString(JsonElement v, out string s)
    {
        try
        {
            s = v.GetString() ?? "";
            return !HasLoneSurrogate(s);
        }
        catch (InvalidOperationException)
        {
            s = "";
            return false;
        }
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    /// <summary>Header offsets of the top-level keys' opening quotes, in document order. Only called on JSON that
    /// JsonDocument accepted, with the same depth limit, so the reader cannot fail.</summary>
    private static List<long> TopLevelKeyOffsets(ReadOnlySpan<byte> json)
    {
        var offsets = new List<long>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                offsets.Add(reader.TokenStartIndex);
        return offsets;
    }

    private static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out int used) != System.Buffers.OperationStatus.Done) return i;
            i += used;
        }
        return i;
    }

    private static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null", _ => "nothing",
    };

    public static string ShapeText(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
