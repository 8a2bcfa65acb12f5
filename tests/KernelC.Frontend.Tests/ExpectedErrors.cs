using System.Text.RegularExpressions;

namespace KernelC.Frontend.Tests;

/// <summary>Reads `// expected-error KC0203`, `// expected-error@+1 KC0203` and `... KC0203 col:7` annotations:
/// each states one error expected on its line (or on the line at the given offset), optionally at a column.</summary>
internal static partial class ExpectedErrors
{
    public sealed record Expectation(int Line, string Id, int? Column);

    [GeneratedRegex(@"expected-error(?:@([+-]\d+))?\s+(KC\d{4})(?:\s+col:(\d+))?")]
    private static partial Regex Annotation();

    public static List<Expectation> Read(string text)
    {
        var result = new List<Expectation>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            foreach (Match m in Annotation().Matches(lines[i]))
            {
                int offset = m.Groups[1].Success ? int.Parse(m.Groups[1].Value) : 0;
                int? col = m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : null;
                result.Add(new Expectation(i + 1 + offset, m.Groups[2].Value, col));
            }
        return result;
    }
}
