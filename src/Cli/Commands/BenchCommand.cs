using System.CommandLine;
using KernelC.Cli.Bench;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc bench [--compiler] [--gpu] [--repeats R] [--max-n N] [--examples DIR]` (docs/runtime.md):
/// compiler benchmarks run anywhere; GPU benchmarks print a markdown table, or one line saying why they were skipped.</summary>
public static class BenchCommand
{
    public static Command Create(CliIO io)
    {
        var compiler = new Option<bool>("--compiler") { Description = "Only the compiler benchmarks (build and prove)" };
        var gpu = new Option<bool>("--gpu") { Description = "Only the GPU benchmarks (attention and matmul vs cuBLAS)" };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions per row (median reported)", DefaultValueFactory = _ => 3 };
        var maxN = new Option<int>("--max-n") { Description = "Largest N of the GPU benchmarks (512..16384)", DefaultValueFactory = _ => 16384 };
        var examples = new Option<string?>("--examples") { Description = "The examples folder (default: ./examples)" };
        var cmd = new Command("bench", "Benchmarks: build-and-prove times; GPU attention and matmul against cuBLAS.") { compiler, gpu, repeats, maxN, examples };
        cmd.SetAction(parse =>
        {
            int r = parse.GetValue(repeats);
            var dir = parse.GetValue(examples) ?? "examples";
            if (r < 1 || !Directory.Exists(dir))
            {
                io.Err.WriteLine(r < 1 ? "kernelc: --repeats must be at least 1" : $"kernelc: examples folder '{dir}' not found (give --examples DIR)");
                return ExitCodes.BadInput;
            }
            bool onlyGpu = parse.GetValue(gpu), onlyCompiler = parse.GetValue(compiler);
            if (!onlyGpu) CompilerBench.Run(io.Out, r, dir);
            if (!onlyGpu && !onlyCompiler) io.Out.WriteLine();
            if (!onlyCompiler) GpuBench.Run(io.Out, r, parse.GetValue(maxN), dir);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
