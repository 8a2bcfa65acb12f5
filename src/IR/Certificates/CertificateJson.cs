using System.Text;
using System.Text.Json;

namespace KernelC.IR;

/// <summary>Certificates as JSON: pure data, written deterministically (fixed key order, hints in the order given),
/// read strictly (unknown or missing fields, wrong types and oversize input are diagnostics, never exceptions).
/// <code>{"pass":"fuse","rule":"congruence","before":"&lt;sha256&gt;","after":"&lt;sha256&gt;","hints":[{"key":"inlined","value":"e"}]}</code></summary>
public static class CertificateJson
{
    public const int MaxBytes = 1 << 20;
    public const int MaxHints = 4096;

    public static string Write(Certificate c)
    {
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("pass", c.Pass);
            w.WriteString("rule", c.Rule.Name());
            w.WriteString("before", c.BeforeHash);
            w.WriteString("after", c.AfterHash);
            w.WriteStartArray("hints");
            foreach (var h in c.Hints)
            {
                w.WriteStartObject();
                w.WriteString("key", h.Key);
                w.WriteString("value", h.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static Certificate? Read(string text, string file, DiagnosticBag diags)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            diags.Error("KC0601", file, $"certificate is larger than {MaxBytes} bytes");
            return null;
        }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e)
        {
            diags.Error("KC0601", file, $"certificate is not valid JSON: {e.Message}", e.BytePositionInLine);
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail(diags, file, "a certificate is a JSON object");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is not ("pass" or "rule" or "before" or "after" or "hints"))
                    return Fail(diags, file, $"unknown field '{p.Name}'");
                if (!seen.Add(p.Name)) return Fail(diags, file, $"field '{p.Name}' appears twice");
            }
            string? pass = Str(root, "pass"), rule = Str(root, "rule"), before = Str(root, "before"), after = Str(root, "after");
            if (pass is null || rule is null || before is null || after is null)
                return Fail(diags, file, "fields pass, rule, before and after are required strings");
            if (!CertificateRules.TryParse(rule, out var r)) return Fail(diags, file, $"unknown rule '{rule}'");
            if (!IsHash(before) || !IsHash(after)) return Fail(diags, file, "before and after must be SHA-256 hashes (64 lower-case hex digits)");
            if (!root.TryGetProperty("hints", out var hintsEl) || hintsEl.ValueKind != JsonValueKind.Array)
                return Fail(diags, file, "field hints must be an array");
            if (hintsEl.GetArrayLength() > MaxHints) return Fail(diags, file, $"more than {MaxHints} hints");
            var hints = new List<CertificateHint>();
            foreach (var h in hintsEl.EnumerateArray())
            {
                if (h.ValueKind != JsonValueKind.Object || h.EnumerateObject().Count() != 2
                    || Str(h, "key") is not { } k || Str(h, "value") is not { } v)
                    return Fail(diags, file, "each hint is an object {\"key\": string, \"value\": string}");
                hints.Add(new CertificateHint(k, v));
            }
            return new Certificate(pass, r, before, after, hints.ToEqArray());
        }
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsHash(string s) => s.Length == 64 && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static Certificate? Fail(DiagnosticBag diags, string file, string message)
    {
        diags.Error("KC0601", file, message);
        return null;
    }
}
