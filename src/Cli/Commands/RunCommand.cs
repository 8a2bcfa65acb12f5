using System.CommandLine;
using KernelC.Cli.Support;
using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc run FILE.kc --kernel NAME --dims N=128,D=64 [--inputs IN.safetensors] [--output OUT.safetensors]
/// [--device reference] [--seed S] [--precision exact|f64]`.</summary>
public static class RunCommand
{
    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("file") { Description = "The .kc source file" };
        var kernel = new Option<string?>("--kernel", "-k") { Description = "The kernel to run (default: the only kernel in the file)" };
        var dims = new Option<string?>("--dims", "-d") { Description = "Dimension values, e.g. N=128,D=64 (inferred from --inputs when omitted)" };
        var inputs = new Option<string[]>("--inputs", "-i")
        {
            Description = "Input tensor files (.safetensors or .npy), matched to parameters by name",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the outputs here (.safetensors; .npy for one output)" };
        var device = new Option<string>("--device") { Description = "Where to run: reference (the source-level interpreter)", DefaultValueFactory = _ => "reference" };
        device.AcceptOnlyFromAmong("reference");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random inputs used when --inputs is not given", DefaultValueFactory = _ => 0UL };
        var precision = new Option<string>("--precision") { Description = "exact: IEEE in each dtype (default); f64: arithmetic in binary64", DefaultValueFactory = _ => "exact" };
        precision.AcceptOnlyFromAmong("exact", "f64");

        var cmd = new Command("run", "Run a kernel on the reference interpreter.") { file, kernel, dims, inputs, output, device, seed, precision };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var diags = new DiagnosticBag();
            var module = Compilation.CompileFile(path, diags);
            var dimValues = DimsParser.Parse(parse.GetValue(dims), diags);
            if (module is null || dimValues is null) return DiagnosticWriter.Report(diags, io.Err);
            var k = KernelSelector.Select(module, parse.GetValue(kernel), path, diags);
            if (k is null) return DiagnosticWriter.Report(diags, io.Err);
            var outPath = parse.GetValue(output);
            if (outPath is not null && !OutputFiles.CheckPath(outPath, k.Outputs.Count, diags))
                return DiagnosticWriter.Report(diags, io.Err);

            var files = parse.GetValue(inputs) ?? [];
            Dictionary<string, Tensor>? tensors;
            IReadOnlyDictionary<string, long>? allDims = dimValues;
            if (files.Length > 0)
            {
                tensors = InputTensors.Load(files, diags);
                if (tensors is not null) allDims = DimInference.Infer(k, dimValues, tensors, diags);
            }
            else tensors = InputTensors.Random(k, dimValues, parse.GetValue(seed), diags);
            if (tensors is null || allDims is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);

            var mode = parse.GetValue(precision) == "f64" ? Precision.F64 : Precision.Exact;
            var result = Interpreter.Run(k, allDims, tensors, mode);
            diags.AddRange(result.Diagnostics);
            if (result.Outputs is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);

            var outs = k.Outputs.Select(o => (o.Name, result.Outputs[o.Name])).ToList();
            if (outPath is not null)
            {
                if (!TensorFiles.TrySave(outPath, outs.Select(o => new NamedTensor(o.Name, o.Item2)).ToList(), diags))
                    return DiagnosticWriter.Report(diags, io.Err);
                io.Err.WriteLine($"wrote {outPath}");
            }
            var dimText = string.Join(", ", k.Dims.Select(d => $"{d}={allDims[d]}"));
            io.Out.WriteLine($"{k.Name} ({dimText}) on the reference interpreter, {(mode == Precision.Exact ? "exact IEEE" : "f64")} arithmetic:");
            TensorSummary.Write(io.Out, outs);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
