using System.Globalization;
using KernelC.IR;

namespace KernelC.Cli.Support;

/// <summary>Parses `--dims N=128,D=64`.</summary>
public static class DimsParser
{
    public static Dictionary<string, long>? Parse(string? text, DiagnosticBag diags)
    {
        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return dims;
        bool ok = true;
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
            {
                diags.Error("KC0010", "--dims", $"'{part}' is not NAME=VALUE (example: --dims N=128,D=64)");
                ok = false;
                continue;
            }
            var name = part[..eq].Trim();
            var valueText = part[(eq + 1)..].Trim();
            if (!long.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                diags.Error("KC0010", "--dims", $"the value of {name} must be a positive integer, got '{valueText}'");
                ok = false;
                continue;
            }
            if (!dims.TryAdd(name, value))
            {
                diags.Error("KC0010", "--dims", $"{name} is given twice");
                ok = false;
            }
        }
        return ok ? dims : null;
    }
}
