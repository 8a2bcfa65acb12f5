using KernelC.Cli.Tests.Run;

namespace KernelC.Cli.Tests.Bench;

public class BenchCommandTests
{
    [NoCudaDriverFact]
    public void Gpu_benchmarks_without_a_gpu_print_one_line_saying_why()
    {
        var (code, o, _) = Kernelc.Run("bench", "--gpu", "--examples", Path.Combine(TestPaths.RepoRoot, "examples"));
        Assert.Equal(0, code);
        Assert.Equal("GPU benchmarks skipped: libcuda.so.1 could not be loaded (no NVIDIA driver on this machine).", o.Trim());
    }

    [Fact]
    public void Bad_arguments_are_exit_1()
    {
        Assert.Equal(1, Kernelc.Run("bench", "--repeats", "0", "--examples", Path.Combine(TestPaths.RepoRoot, "examples")).Code);
        var (code, _, e) = Kernelc.Run("bench", "--examples", Path.Combine(TestPaths.RepoRoot, "no-such-folder"));
        Assert.Equal(1, code);
        Assert.Contains("not found", e);
    }
}
