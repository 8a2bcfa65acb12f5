using System.Globalization;
using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Run;
using KernelC.IR;
using KernelC.Runtime.Cuda;
using KernelC.Runtime.Devices;

namespace KernelC.Cli.Bench;

/// <summary>The GPU half of `kernelc bench`: KernelC's PTX (compiled from the examples for this run) against cuBLAS
/// baselines, timed in-process with CUDA events (<see cref="GpuTiming"/>: 1 warm-up, median of R runs), printed as a
/// markdown table headed by the GPU name and driver version. Attention: FLOPs 4·N²·D per head (half for causal);
/// heads = max(1, 16384/N), KernelC's one-head program launched once per head, the baseline batched
/// (<see cref="AttentionBaseline"/>). Matmul: 2·n³ against cublasGemmEx. Without a usable GPU or cuBLAS: one line
/// saying the GPU benchmarks were skipped and why.</summary>
public static class GpuBench
{
    public static readonly int[] SequenceLengths = [512, 1024, 2048, 4096, 8192, 16384];

    public static void Run(TextWriter o, int repeats, int maxN, string examples)
    {
        var driver = CudaLibrary.TryLoad(out var problem);
        if (driver is null) { o.WriteLine($"GPU benchmarks skipped: {problem}."); return; }
        Run(o, repeats, maxN, examples, driver, () => (Cublas.TryLoad(out var p), p));
    }

    /// <summary>The table on a given driver and GEMM library (a loaded libcuda and cuBLAS, or scripted stand-ins in
    /// tests). A row that cannot run (the example does not compile, the kernel needs more shared memory than the GPU
    /// has, a launch fails) is printed with the reason and the table goes on with the next example.</summary>
    public static void Run(TextWriter o, int repeats, int maxN, string examples, ICudaDriver driver,
        Func<(IGemmLibrary? Library, string? Problem)> loadGemm)
    {
        CudaSession session;
        try { session = CudaSession.Open(driver); }
        catch (CudaException e) { o.WriteLine($"GPU benchmarks skipped: {e.Message.Split('\n')[0]}."); return; }
        using var device = new CudaDevice(session);
        var (blas, blasProblem) = loadGemm();
        if (blas is null) { o.WriteLine($"GPU benchmarks skipped: {blasProblem}."); return; }
        using var _ = blas;

        o.WriteLine($"GPU: {session.Describe()}; {blas.Library}; PTX loaded as ISA {session.PtxVersion}; "
            + $"{DateTime.UtcNow:yyyy-MM-dd}; CUDA events, median of {repeats} after 1 warm-up");
        o.WriteLine();
        o.WriteLine("| kernel | dtype | N | D | heads | KernelC ms | KernelC TFLOP/s | baseline | baseline ms | baseline TFLOP/s | KernelC / baseline |");
        o.WriteLine("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        var sizes = SequenceLengths.Where(n => n <= maxN).ToList();
        foreach (var (example, kernel, element, causal) in new[] { ("attention", "attention", DeviceBuffers.Element.F32, false),
                     ("attention_f16", "attention", DeviceBuffers.Element.F16, false),
                     ("causal_attention", "causal_attention", DeviceBuffers.Element.F32, true) })
            Example(o, example, kernel, element, examples, program =>
            {
                foreach (var d in new[] { 64, 128 })
                    foreach (var n in sizes)
                    {
                        int heads = Math.Max(1, 16384 / n);
                        double flops = 4.0 * n * n * d * heads / (causal ? 2 : 1);
                        double ours = OursMs(device, program, new Dictionary<string, long> { ["N"] = n, ["D"] = d }, heads, repeats);
                        double baseMs;
                        using (var b = new AttentionBaseline(session, blas, heads, n, d, element, causal))
                            baseMs = GpuTiming.MedianMs(session, b.Enqueue, repeats);
                        Row(o, example, element, n, d, heads, ours, "cuBLAS+softmax", baseMs, flops);
                    }
            });
        foreach (var (example, kernel, element) in new[] { ("matmul", "matmul", DeviceBuffers.Element.F32),
                     ("matmul_bf16", "matmul", DeviceBuffers.Element.BF16) })
            Example(o, example, kernel, element, examples, program =>
            {
                foreach (var n in sizes)
                {
                    double ours = OursMs(device, program, new Dictionary<string, long> { ["M"] = n, ["K"] = n, ["N"] = n }, 1, repeats);
                    double baseMs = GemmMs(session, blas, n, element, repeats);
                    Row(o, example, element, n, null, 1, ours, "cublasGemmEx", baseMs, 2.0 * n * n * n);
                }
            });
    }

    /// <summary>Compiles one example and runs its rows; a failure ends that example's rows with one row saying why.</summary>
    private static void Example(TextWriter o, string example, string kernel, DeviceBuffers.Element element, string examples,
        Action<PtxProgram> rows)
    {
        try { rows(Compile(examples, example, kernel)); }
        catch (CudaException e)
        {
            o.WriteLine($"| {example} | {element.ToString().ToLowerInvariant()} | — | — | — | not run | — | — | — | — | {e.Message.Split('\n')[0].Replace("|", "\\|")} |");
        }
    }

    private static PtxProgram Compile(string examples, string name, string kernel)
    {
        var diags = new DiagnosticBag();
        var path = Path.Combine(examples, name + ".kc");
        var text = File.ReadAllText(path);
        return SourceProgram.Compile(new SourceText(path, text), kernel, TextWriter.Null, diags)
            ?? throw new CudaException("compile", 0, $"{name}.kc does not compile to PTX: "
                + string.Join("; ", diags.Items.Select(d => d.Format())));
    }

    private static double OursMs(CudaDevice device, PtxProgram program, Dictionary<string, long> dims, int heads, int repeats)
    {
        using var timer = new GpuProgramTimer(device, program, dims, 1);
        return GpuTiming.MedianMs(device.Session, () => { for (int h = 0; h < heads; h++) timer.Enqueue(); }, repeats);
    }

    private static double GemmMs(CudaSession s, IGemmLibrary blas, int n, DeviceBuffers.Element e, int repeats)
    {
        long count = (long)n * n;
        var a = s.Alloc(count * DeviceBuffers.Size(e));
        var b = s.Alloc(count * DeviceBuffers.Size(e));
        var c = s.Alloc(count * DeviceBuffers.Size(e));
        try
        {
            s.CopyIn(a, DeviceBuffers.Random(e, count, 1));
            s.CopyIn(b, DeviceBuffers.Random(e, count, 2));
            return GpuTiming.MedianMs(s, () => blas.Gemm(new RowMajorGemm(n, n, n, false, false), a, b, c, DeviceBuffers.CudaType(e)), repeats);
        }
        finally
        {
            s.Free(a); s.Free(b); s.Free(c);
        }
    }

    private static void Row(TextWriter o, string kernel, DeviceBuffers.Element e, int n, int? d, int heads, double oursMs,
        string baseline, double baseMs, double flops)
    {
        string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        double T(double ms) => flops / (ms * 1e-3) / 1e12;
        o.WriteLine($"| {kernel} | {e.ToString().ToLowerInvariant()} | {n} | {(d is { } dd ? dd.ToString(CultureInfo.InvariantCulture) : "—")} | {heads} "
            + $"| {F(oursMs, "0.000")} | {F(T(oursMs), "0.0")} | {baseline} | {F(baseMs, "0.000")} | {F(T(baseMs), "0.0")} | {F(baseMs / oursMs, "0.00")}× |");
    }
}
