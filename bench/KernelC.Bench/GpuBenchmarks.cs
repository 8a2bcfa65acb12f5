using BenchmarkDotNet.Attributes;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Runtime.Cuda;
using KernelC.Runtime.Devices;

namespace KernelC.Bench;

/// <summary>GPU attention: KernelC's PTX for examples/attention.kc (one head per launch set, <c>heads</c> sets)
/// against the cuBLAS + softmax baseline, f32. Each invocation enqueues one forward pass and synchronizes, so
/// BenchmarkDotNet's wall time includes one cuCtxSynchronize. Excluded by Program when no GPU is usable.
/// <c>dotnet run -c Release --project bench/KernelC.Bench -- --filter '*GpuAttentionBenchmarks*'</c></summary>
public class GpuAttentionBenchmarks
{
    [Params(512, 2048, 8192, 16384)]
    public int N { get; set; }

    [Params(64, 128)]
    public int D { get; set; }

    private CudaDevice _device = null!;
    private Cublas _blas = null!;
    private GpuProgramTimer _ours = null!;
    private AttentionBaseline _baseline = null!;
    private int _heads;

    [GlobalSetup]
    public void Setup()
    {
        _device = Gpu.Open();
        _blas = Cublas.TryLoad(out var why) ?? throw new InvalidOperationException(why);
        _heads = Math.Max(1, 16384 / N);
        _ours = new GpuProgramTimer(_device, Gpu.Compile("attention"), new Dictionary<string, long> { ["N"] = N, ["D"] = D }, 1);
        _baseline = new AttentionBaseline(_device.Session, _blas, _heads, N, D, DeviceBuffers.Element.F32, causal: false);
    }

    [Benchmark(Description = "KernelC PTX")]
    public void KernelC()
    {
        for (int h = 0; h < _heads; h++) _ours.Enqueue();
        _device.Session.Synchronize("KernelC attention");
    }

    [Benchmark(Baseline = true, Description = "cuBLAS + softmax")]
    public void Baseline()
    {
        _baseline.Enqueue();
        _device.Session.Synchronize("baseline attention");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _baseline.Dispose();
        _blas.Dispose();
        _device.Dispose();
    }
}

/// <summary>GPU matmul: KernelC's PTX for examples/matmul.kc (f32) against cublasGemmEx, square n.</summary>
public class GpuMatmulBenchmarks
{
    [Params(512, 2048, 8192)]
    public int Size { get; set; }

    private CudaDevice _device = null!;
    private Cublas _blas = null!;
    private GpuProgramTimer _ours = null!;
    private ulong _a, _b, _c;

    [GlobalSetup]
    public void Setup()
    {
        _device = Gpu.Open();
        _blas = Cublas.TryLoad(out var why) ?? throw new InvalidOperationException(why);
        _ours = new GpuProgramTimer(_device, Gpu.Compile("matmul"), new Dictionary<string, long> { ["M"] = Size, ["K"] = Size, ["N"] = Size }, 1);
        long count = (long)Size * Size;
        var s = _device.Session;
        (_a, _b, _c) = (s.Alloc(count * 4), s.Alloc(count * 4), s.Alloc(count * 4));
        s.CopyIn(_a, DeviceBuffers.Random(DeviceBuffers.Element.F32, count, 1));
        s.CopyIn(_b, DeviceBuffers.Random(DeviceBuffers.Element.F32, count, 2));
    }

    [Benchmark(Description = "KernelC PTX")]
    public void KernelC()
    {
        _ours.Enqueue();
        _device.Session.Synchronize("KernelC matmul");
    }

    [Benchmark(Baseline = true, Description = "cublasGemmEx")]
    public void CublasGemm()
    {
        _blas.Gemm(new RowMajorGemm(Size, Size, Size, false, false), _a, _b, _c, CublasEnums.R32F);
        _device.Session.Synchronize("cublasGemmEx");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        foreach (var p in new[] { _a, _b, _c }) _device.Session.Free(p);
        _blas.Dispose();
        _device.Dispose();
    }
}

internal static class Gpu
{
    /// <summary>Null when a GPU is usable, else why not (the one line Program prints when it skips these classes).</summary>
    public static string? Unavailable()
    {
        var driver = CudaLibrary.TryLoad(out var problem);
        if (driver is null) return problem;
        try { CudaSession.Open(driver).Dispose(); return null; }
        catch (CudaException e) { return e.Message.Split('\n')[0]; }
    }

    public static CudaDevice Open()
    {
        var driver = CudaLibrary.TryLoad(out var problem) ?? throw new InvalidOperationException(problem);
        return new CudaDevice(CudaSession.Open(driver));
    }

    public static PtxProgram Compile(string example)
    {
        var diags = new DiagnosticBag();
        var path = Paths.Example(example);
        return KernelC.Cli.Run.SourceProgram.Compile(new SourceText(path, File.ReadAllText(path)), example, TextWriter.Null, diags)
            ?? throw new InvalidOperationException(string.Join("\n", diags.Items.Select(d => d.Format())));
    }
}
