namespace KernelC.Cli.Tests;

public static class TestPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding KernelC.sln.</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(RepoRoot, "examples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelC.sln"))) return dir.FullName;
        throw new InvalidOperationException("KernelC.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs kernelc in-process and captures what it prints.</summary>
public static class Kernelc
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = KernelcApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}

/// <summary>A fresh temporary folder deleted at the end of a test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kernelc-test-" + Guid.NewGuid().ToString("N"));
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
