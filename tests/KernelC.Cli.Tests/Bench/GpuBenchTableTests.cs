using KernelC.Cli.Bench;
using KernelC.Runtime.Cuda;
using KernelC.Runtime.Tests.Cuda;

namespace KernelC.Cli.Tests.Bench;

/// <summary>The GPU table of `kernelc bench` on a scripted driver (launches succeed and do nothing, every event
/// interval is 1.5 ms) and a recording GEMM library: what is launched, called and printed — not a GPU's speed.</summary>
public class GpuBenchTableTests
{
    private sealed class RecordingGemm : IGemmLibrary
    {
        public List<string> Calls { get; } = new();
        public string Library => "libfakeblas.so";
        public void Gemm(RowMajorGemm g, ulong a, ulong b, ulong c, int dataType) => Calls.Add($"gemm {g.M}x{g.N}x{g.K} type {dataType}");
        public void GemmStridedBatched(RowMajorGemm g, ulong a, long strideA, ulong b, long strideB, ulong c, long strideC,
            int batch, int dataType, float alpha = 1) => Calls.Add($"batched {g.M}x{g.N}x{g.K} x{batch} type {dataType}");
        public void Dispose() => Calls.Add("dispose");
    }

    private static string Examples => Path.Combine(TestPaths.RepoRoot, "examples");

    private static string[] TableRows(string output) => output.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| kernel")).ToArray();

    [Fact]
    public void The_table_has_a_row_per_example_dimension_and_size_with_the_baselines_called()
    {
        var driver = new FakeCudaDriver { DeviceName = "Fake A100" };
        var gemm = new RecordingGemm();
        var o = new StringWriter();
        GpuBench.Run(o, 1, 512, Examples, driver, () => (gemm, null));
        var text = o.ToString();
        Assert.StartsWith("GPU: Fake A100", text);
        Assert.Contains("libfakeblas.so", text);
        var rows = TableRows(text);
        // attention, attention_f16 and causal_attention at D = 64 and 128, N = 512; matmul and matmul_bf16 at 512.
        Assert.True(rows.Length == 8, text);
        Assert.Equal(6, rows.Count(r => r.Contains("cuBLAS+softmax")));
        Assert.Equal(2, rows.Count(r => r.Contains("cublasGemmEx")));
        // 32 heads at N = 512: KernelC's one-head program is launched per head; both timed intervals are 1.5 ms.
        Assert.Contains("| attention | f32 | 512 | 64 | 32 | 1.500 |", rows[0]);
        Assert.EndsWith("| 1.00× |", rows[0].TrimEnd());
        // The baseline: S = Q·Kᵀ and O = P·V batched over the heads (warm-up + 1 timed run per row).
        Assert.Contains("batched 512x512x64 x32 type 0", gemm.Calls);
        Assert.Contains("batched 512x64x512 x32 type 0", gemm.Calls);
        Assert.Contains("gemm 512x512x512 type 14", gemm.Calls);
        Assert.Equal("dispose", gemm.Calls[^1]);
        Assert.Contains(driver.Calls, c => c.StartsWith("launch attention"));
    }

    [Fact]
    public void A_kernel_the_gpu_cannot_launch_is_a_row_saying_why_and_the_table_goes_on()
    {
        // A GPU that allows 48 KiB of shared memory per block cannot run the flash kernels (they need more).
        var driver = new FakeCudaDriver { OptinShared = 48 * 1024 };
        var o = new StringWriter();
        GpuBench.Run(o, 1, 512, Examples, driver, () => (new RecordingGemm(), null));
        var rows = TableRows(o.ToString());
        var attention = Assert.Single(rows, r => r.StartsWith("| attention | f32"));
        Assert.Contains("not run", attention);
        Assert.Contains("dynamic shared memory", attention);
        Assert.Contains(rows, r => r.StartsWith("| matmul | f32 | 512 |") && r.Contains("cublasGemmEx"));
    }

    [Fact]
    public void Without_cublas_the_gpu_benchmarks_are_skipped_with_the_reason()
    {
        var o = new StringWriter();
        GpuBench.Run(o, 1, 512, Examples, new FakeCudaDriver(), () => (null, "cuBLAS could not be loaded (libcublas.so.13, libcublas.so.12)"));
        Assert.Equal("GPU benchmarks skipped: cuBLAS could not be loaded (libcublas.so.13, libcublas.so.12).", o.ToString().Trim());
    }
}
