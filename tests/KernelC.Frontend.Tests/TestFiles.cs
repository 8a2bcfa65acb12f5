using KernelC.IR;

namespace KernelC.Frontend.Tests;

/// <summary>Locates the repository (the folder holding KernelC.sln) so tests read examples and golden files in place.</summary>
internal static class TestFiles
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KernelC.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (KernelC.sln)");
    }

    public static string TestDir => Path.Combine(RepoRoot, "tests", "KernelC.Frontend.Tests");
    public static string Examples => Path.Combine(RepoRoot, "examples");

    public static IEnumerable<string> Kc(string dir) => Directory.GetFiles(dir, "*.kc").OrderBy(f => f, StringComparer.Ordinal);

    public static SourceText Load(string path) => new(Path.GetFileName(path), File.ReadAllText(path).ReplaceLineEndings("\n"));

    public static Module CompileOk(string source, string name = "test.kc")
    {
        var diags = new DiagnosticBag();
        var m = FrontEnd.Compile(new SourceText(name, source), diags);
        Assert.True(m is not null, "expected success, got:\n" + string.Join("\n", diags.Items.Select(d => d.Format())));
        Assert.Empty(diags.Items);
        return m!;
    }

    public static IReadOnlyList<Diagnostic> CompileErrors(string source, string name = "test.kc")
    {
        var diags = new DiagnosticBag();
        var m = FrontEnd.Compile(new SourceText(name, source), diags);
        Assert.Null(m);
        Assert.NotEmpty(diags.Items);
        return diags.Items;
    }
}
