using KernelC.IR;

namespace KernelC.Frontend.Tests;

/// <summary>Each Errors/*.kc file states the errors it must produce with expected-error annotations; the set of
/// (line, id) reported must equal the set annotated (no missing, no extra), and annotated columns must match.</summary>
public class ErrorFileTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in TestFiles.Kc(Path.Combine(TestFiles.TestDir, "Errors"))) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ReportsExactlyTheAnnotatedErrors(string file)
    {
        var path = Path.Combine(TestFiles.TestDir, "Errors", file);
        var text = TestFiles.Load(path);
        var expected = ExpectedErrors.Read(text.Text);
        Assert.NotEmpty(expected);
        var diags = new DiagnosticBag();
        var module = FrontEnd.Compile(text, diags);
        Assert.Null(module);
        var actual = diags.Items.Select(d => (d.Line, d.Id)).ToHashSet();
        var wanted = expected.Select(e => (e.Line, e.Id)).ToHashSet();
        var report = string.Join("\n", diags.Sorted().Select(d => d.Format()));
        Assert.True(wanted.SetEquals(actual),
            $"missing: {string.Join(", ", wanted.Except(actual))}\nextra: {string.Join(", ", actual.Except(wanted))}\nreported:\n{report}");
        foreach (var e in expected.Where(e => e.Column is not null))
            Assert.True(diags.Items.Any(d => d.Line == e.Line && d.Id == e.Id && d.Column == e.Column),
                $"expected {e.Id} at {e.Line}:{e.Column}; reported:\n{report}");
    }

    [Fact]
    public void EveryFrontEndIdIsCoveredByAnErrorFile()
    {
        var ids = typeof(DiagnosticIds).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var covered = TestFiles.Kc(Path.Combine(TestFiles.TestDir, "Errors"))
            .SelectMany(f => ExpectedErrors.Read(File.ReadAllText(f))).Select(e => e.Id).ToHashSet();
        Assert.Empty(ids.Except(covered).Order());
    }

    [Fact]
    public void EveryFrontEndIdIsDocumented()
    {
        var doc = File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "docs", "diagnostics.md"));
        foreach (var f in typeof(DiagnosticIds).GetFields())
            Assert.Contains($"| {(string)f.GetValue(null)!} |", doc);
    }
}
