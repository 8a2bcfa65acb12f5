using System.Text;
using System.Text.Json;
using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>manifest.json: written deterministically (fixed key order, two-space indentation, '\n' line ends, a
/// final newline; no times, no machine paths), read strictly: exactly the documented fields with the documented
/// JSON types, no duplicates, format "kernelc-bundle/1". Problems are KC0603 diagnostics, never exceptions.</summary>
public static class BundleManifestJson
{
    public const int MaxBytes = 1 << 20;

    public static string Write(BundleManifest m)
    {
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", BundleManifest.Format);
            w.WriteStartObject("source");
            w.WriteString("file", m.Source.File);
            w.WriteString("name", m.Source.Name);
            w.WriteString("sha256", m.Source.Sha256);
            w.WriteEndObject();
            w.WriteString("pipeline", m.Pipeline);
            w.WriteStartObject("limits");
            w.WriteNumber("timeout_ms", m.Limits.TimeoutMs);
            w.WriteNumber("rlimit", m.Limits.Rlimit);
            w.WriteNumber("seed", m.Limits.Seed);
            w.WriteEndObject();
            w.WriteStartArray("stages");
            foreach (var s in m.Stages)
            {
                w.WriteStartObject();
                w.WriteNumber("index", s.Index);
                w.WriteString("pass", s.Pass);
                w.WriteString("ir", s.Ir);
                if (s.Certificate is not null)
                {
                    w.WriteString("certificate", s.Certificate);
                    w.WriteStartArray("obligations");
                    foreach (var o in s.Obligations) w.WriteStringValue(o);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var f in m.Files)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteString("sha256", f.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Parses the manifest's bytes; null with KC0603 (File = <paramref name="file"/>) when anything is off.
    /// Checks the schema only; paths, their order and stages are checked by <see cref="BundleReader"/>.</summary>
    public static BundleManifest? Read(byte[] bytes, string file, DiagnosticBag diags)
    {
        if (bytes.Length > MaxBytes) return Fail(diags, file, $"manifest.json is larger than {MaxBytes} bytes");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return Fail(diags, file, "manifest.json is not valid UTF-8"); }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { return Fail(diags, file, $"manifest.json is not valid JSON: {e.Message}"); }
        using (doc)
        {
            try { return Parse(doc.RootElement); }
            catch (SchemaError e) { return Fail(diags, file, e.Message); }
        }
    }

    private static BundleManifest Parse(JsonElement root)
    {
        var o = Fields(root, "the manifest", ["format", "source", "pipeline", "limits", "stages", "files"], []);
        if (Str(o, "format") != BundleManifest.Format)
            throw new SchemaError($"format must be \"{BundleManifest.Format}\"");

        var src = Fields(o["source"], "source", ["file", "name", "sha256"], []);
        var source = new BundleSource(Str(src, "file"), Str(src, "name"), Hash(src, "sha256"));

        var lim = Fields(o["limits"], "limits", ["timeout_ms", "rlimit", "seed"], []);
        var limits = new BundleLimits((int)Int(lim, "timeout_ms", 1, int.MaxValue), Int(lim, "rlimit", 0, long.MaxValue),
            (int)Int(lim, "seed", 0, int.MaxValue));

        var stages = new List<BundleStage>();
        foreach (var s in Array(o, "stages", 10_000))
        {
            var f = Fields(s, "a stage", ["index", "pass", "ir"], ["certificate", "obligations"]);
            if (f.ContainsKey("certificate") != f.ContainsKey("obligations"))
                throw new SchemaError("a stage has both certificate and obligations, or neither");
            string? cert = f.ContainsKey("certificate") ? Str(f, "certificate") : null;
            var obligations = new List<string>();
            if (cert is not null)
                foreach (var ob in Array(f, "obligations", 100_000))
                    obligations.Add(ob.ValueKind == JsonValueKind.String ? ob.GetString()! : throw new SchemaError("obligations are strings"));
            stages.Add(new BundleStage((int)Int(f, "index", 0, 100_000), Str(f, "pass"), Str(f, "ir"), cert, obligations.ToEqArray()));
        }

        var files = new List<BundleFile>();
        foreach (var e in Array(o, "files", BundleReader.MaxFiles))
        {
            var f = Fields(e, "a file entry", ["path", "sha256"], []);
            files.Add(new BundleFile(Str(f, "path"), Hash(f, "sha256")));
        }
        return new BundleManifest(source, Str(o, "pipeline"), limits, stages.ToEqArray(), files.ToEqArray());
    }

    /// <summary>The fields of an object: every name in <paramref name="required"/>, optionally some of
    /// <paramref name="optional"/>, nothing else, nothing twice.</summary>
    private static Dictionary<string, JsonElement> Fields(JsonElement e, string what, string[] required, string[] optional)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new SchemaError($"{what} must be a JSON object");
        var d = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!required.Contains(p.Name) && !optional.Contains(p.Name)) throw new SchemaError($"unknown field '{p.Name}' in {what}");
            if (!d.TryAdd(p.Name, p.Value)) throw new SchemaError($"field '{p.Name}' appears twice in {what}");
        }
        foreach (var r in required)
            if (!d.ContainsKey(r)) throw new SchemaError($"missing field '{r}' in {what}");
        return d;
    }

    private static string Str(Dictionary<string, JsonElement> o, string name) =>
        o[name].ValueKind == JsonValueKind.String ? o[name].GetString()! : throw new SchemaError($"field '{name}' must be a string");

    private static string Hash(Dictionary<string, JsonElement> o, string name)
    {
        var s = Str(o, name);
        return s.Length == 64 && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? s
            : throw new SchemaError($"field '{name}' must be a SHA-256 hash (64 lower-case hex digits)");
    }

    private static long Int(Dictionary<string, JsonElement> o, string name, long min, long max) =>
        o[name].ValueKind == JsonValueKind.Number && o[name].TryGetInt64(out var v) && v >= min && v <= max ? v
            : throw new SchemaError($"field '{name}' must be an integer in [{min}, {max}]");

    private static IEnumerable<JsonElement> Array(Dictionary<string, JsonElement> o, string name, int max)
    {
        var a = o[name];
        if (a.ValueKind != JsonValueKind.Array) throw new SchemaError($"field '{name}' must be an array");
        if (a.GetArrayLength() > max) throw new SchemaError($"field '{name}' has more than {max} entries");
        return a.EnumerateArray();
    }

    private static BundleManifest? Fail(DiagnosticBag diags, string file, string message)
    {
        diags.Error(BundleErrors.BadManifest, file, message);
        return null;
    }

    /// <summary>Internal control flow of the schema walk only; always turned into a KC0603 diagnostic above.</summary>
    private sealed class SchemaError(string message) : Exception(message);
}
