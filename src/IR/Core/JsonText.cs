using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KernelC.IR;

/// <summary>The one way KernelC writes JSON files (certificates, records, manifests, SARIF): indented, '\n' line
/// ends, a final newline, and only the escapes JSON requires (a claim reads "1 &lt;= N", not "1 \u003C= N").
/// Deterministic: the bytes depend only on what the body writes.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files, never embedded in HTML
    };

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options)) body(w);
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }
}
