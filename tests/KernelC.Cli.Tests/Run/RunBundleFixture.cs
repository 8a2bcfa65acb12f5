namespace KernelC.Cli.Tests.Run;

/// <summary>One proved bundle of examples/matmul.kc (the fastest example to build and verify), built once per class.</summary>
public sealed class RunBundleFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public RunBundleFixture()
    {
        Bundle = _dir.File("matmul");
        Build = Kernelc.Run("build", TestPaths.Example("matmul.kc"), "-o", Bundle, "--pipeline", "fuse"); // the one-launch form the tamper test edits
    }

    public string Bundle { get; }
    public (int Code, string Out, string Err) Build { get; }

    /// <summary>A fresh copy of the bundle inside <paramref name="into"/>.</summary>
    public string Copy(TempDir into)
    {
        var target = into.File("matmul");
        foreach (var f in Directory.EnumerateFiles(Bundle, "*", SearchOption.AllDirectories))
        {
            var t = Path.Combine(target, Path.GetRelativePath(Bundle, f));
            Directory.CreateDirectory(Path.GetDirectoryName(t)!);
            File.Copy(f, t);
        }
        return target;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>A fact for the no-driver path: skipped, with the reason, on a machine where libcuda.so.1 loads.</summary>
public sealed class NoCudaDriverFactAttribute : FactAttribute
{
    public NoCudaDriverFactAttribute()
    {
        if (KernelC.Runtime.Cuda.CudaLibrary.TryLoad(out _) is not null)
            Skip = "a CUDA driver (libcuda.so.1) is installed here: the missing-driver path cannot be observed";
    }
}
