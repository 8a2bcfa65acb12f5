using System.Diagnostics;
using System.Globalization;

namespace KernelC.Cli.Bench;

/// <summary>The compiler half of `kernelc bench` (runs anywhere): wall time of `kernelc build` (compile, every pass,
/// every proof, PTX, bundle) per example; its growth with flash's and tile's tile sizes; and with the bound on N (the proofs are
/// for a symbolic N, so this should stay flat). In-process loop, median of R builds; printed as markdown tables.
/// The BenchmarkDotNet versions are in bench/KernelC.Bench (ProveBenchmarks, FlashProofBenchmarks).</summary>
public static class CompilerBench
{
    public static readonly string[] Examples =
        ["attention", "causal_attention", "softmax", "layernorm", "rmsnorm", "matmul", "gelu_mlp", "attention_f16", "matmul_bf16", "matmul_i8"];

    /// <summary>Build options an example needs (as in proofs/check.sh): matmul_i8's quotient obligation needs ~13 s of z3.</summary>
    private static string[] OptionsFor(string example) => example == "matmul_i8" ? ["--timeout", "120000"] : [];

    public static void Run(TextWriter o, int repeats, string examples)
    {
        o.WriteLine($"Compiler: `kernelc build` wall time, median of {repeats}, {Environment.ProcessorCount} cores, "
            + $"{DateTime.UtcNow:yyyy-MM-dd} (timings on a loaded machine are pessimistic)");
        o.WriteLine();
        o.WriteLine("| example | pipeline | build + prove (s) | result |");
        o.WriteLine("|---|---|---:|---|");
        foreach (var e in Examples)
            Row(o, e, null, Path.Combine(examples, e + ".kc"), repeats);
        o.WriteLine();
        o.WriteLine("| example | pipeline (tile sizes) | build + prove (s) | result |");
        o.WriteLine("|---|---|---:|---|");
        foreach (var (bq, bk) in new[] { (16, 1), (16, 2), (16, 4), (32, 1), (64, 4), (64, 8) })
            Row(o, "attention", $"fuse,flash({bq},{bk})", Path.Combine(examples, "attention.kc"), repeats);
        foreach (var tile in new[] { "16,16,16", "32,32,16", "64,64,32" })
            Row(o, "matmul", $"fuse,tile({tile})", Path.Combine(examples, "matmul.kc"), repeats);
        o.WriteLine();
        o.WriteLine("| example | bound on N | build + prove (s) | result |");
        o.WriteLine("|---|---|---:|---|");
        using var tmp = new TempFolder();
        foreach (var maxN in new[] { 512, 4096, 16384 })
        {
            var text = File.ReadAllText(Path.Combine(examples, "attention.kc"))
                .Replace("N % 64 == 0", $"N % 64 == 0, N <= {maxN}", StringComparison.Ordinal);
            var file = Path.Combine(tmp.Path, $"attention_{maxN}.kc");
            File.WriteAllText(file, text);
            Row(o, "attention", "fuse,flash(16,1)", file, repeats, $"N <= {maxN}");
        }
    }

    private static void Row(TextWriter o, string name, string? pipeline, string file, int repeats, string? label = null)
    {
        var times = new List<double>();
        int code = 0;
        string err = "";
        for (int i = 0; i < repeats; i++)
        {
            using var tmp = new TempFolder();
            var args = new List<string> { "build", file, "-o", Path.Combine(tmp.Path, "b") };
            if (pipeline is not null) args.AddRange(["--pipeline", pipeline]);
            args.AddRange(OptionsFor(name));
            var sw = Stopwatch.StartNew();
            var errWriter = new StringWriter();
            code = KernelcApp.Run([.. args], TextWriter.Null, errWriter);
            times.Add(sw.Elapsed.TotalSeconds);
            err = errWriter.ToString();
            if (code != 0) break;
        }
        times.Sort();
        var result = code == 0 ? "proved" : $"exit {code}: {err.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal) || l.Contains("not proved", StringComparison.Ordinal))?.Trim()}";
        o.WriteLine($"| {name} | {label ?? pipeline ?? "(its schedule)"} | {times[times.Count / 2].ToString("0.00", CultureInfo.InvariantCulture)} | {result} |");
    }

    private sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kernelc-bench-" + Guid.NewGuid().ToString("N"));
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }
}
