using System.Globalization;
using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Support;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Runtime;
using KernelC.Runtime.Bundles;
using KernelC.Runtime.Devices;

namespace KernelC.Cli.Run;

/// <summary>`kernelc run FILE.kc|BUNDLE [--device reference|cpu|cuda|auto]`. A BUNDLE passes the load-time check
/// (<see cref="LoadCheck"/>) before anything of it runs on any device, or is refused with exit 2 unless
/// --allow-unverified (then a loud warning). reference: the source-level interpreter (a bundle's source.kc);
/// cpu/cuda/auto: the PTX program (the bundle's, or compiled for this run from FILE.kc) on the chosen device.</summary>
public static class RunRunner
{
    public static int Run(RunOptions o, CliIO io, DeviceSelector selector)
    {
        var diags = new DiagnosticBag();
        bool isBundle = Directory.Exists(o.Path);
        var device = o.Device ?? (isBundle ? "auto" : "reference");
        if (o.VerifyTimeoutMs is <= 0) diags.Error(RunErrors.BadVerifyTimeout, "--verify-timeout", "must be a positive number of milliseconds");
        var dimValues = DimsParser.Parse(o.Dims, diags);
        if (dimValues is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);
        // The device first: `--device cuda` without a driver stops here (exit 3) before any work.
        using var dev = device == "reference" ? null : selector.Select(device, io.Err);

        Kernel? k;
        PtxProgram? program = null;
        if (isBundle)
        {
            var files = OpenBundle(o, io, diags, out var refusal);
            if (refusal is { } code) return code;
            if (files is null) return DiagnosticWriter.Report(diags, io.Err);
            k = files.SourceKernel(o.Kernel, diags);
            if (k is not null && device != "reference") program = files.Program(k.Name, diags);
        }
        else
        {
            var source = SourceFiles.Read(o.Path, diags);
            var module = source is null ? null : FrontEnd.Compile(source, diags);
            k = module is null ? null : KernelSelector.Select(module, o.Kernel, o.Path, diags);
            if (k is not null && device != "reference") program = SourceProgram.Compile(source!, k.Name, io.Err, diags);
        }
        if (k is null || (device != "reference" && program is null) || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);
        if (o.Output is not null && !OutputFiles.CheckPath(o.Output, k.Outputs.Count, diags)) return DiagnosticWriter.Report(diags, io.Err);

        Dictionary<string, Tensor>? tensors;
        IReadOnlyDictionary<string, long>? allDims = dimValues;
        if (o.Inputs.Count > 0)
        {
            tensors = InputTensors.Load(o.Inputs, diags);
            if (tensors is not null) allDims = DimInference.Infer(k, dimValues, tensors, diags);
        }
        else tensors = InputTensors.Random(k, dimValues, o.Seed, diags);
        if (tensors is null || allDims is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);

        IReadOnlyDictionary<string, Tensor> outputs;
        string where;
        TimeSpan? kernelTime = null;
        if (device == "reference")
        {
            var mode = o.Precision == "f64" ? Precision.F64 : Precision.Exact;
            var result = Interpreter.Run(k, allDims, tensors, mode);
            diags.AddRange(result.Diagnostics);
            if (result.Outputs is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);
            outputs = result.Outputs;
            where = $"on the reference interpreter, {(mode == Precision.Exact ? "exact IEEE" : "f64")} arithmetic";
        }
        else
        {
            var run = dev!.Run(program!, tensors, allDims);
            if (run.Error is not null || run.Outputs is null)
            {
                diags.Error(RunErrors.DeviceRunFailed, o.Path, $"kernel {k.Name} failed on {dev.Name}: {run.Error}");
                return DiagnosticWriter.Report(diags, io.Err);
            }
            outputs = run.Outputs;
            kernelTime = run.KernelTime;
            where = "on " + dev.Name;
            if (dev is CudaDevice cuda)
                foreach (var (entry, regs, local) in cuda.LastResources)
                    io.Err.WriteLine($"  {entry}: {regs} registers/thread, {local} local (spill) bytes/thread");
        }

        var outs = k.Outputs.Select(p => (p.Name, outputs[p.Name])).ToList();
        if (o.Output is not null)
        {
            if (!TensorFiles.TrySave(o.Output, outs.Select(t => new NamedTensor(t.Name, t.Item2)).ToList(), diags))
                return DiagnosticWriter.Report(diags, io.Err);
            io.Err.WriteLine($"wrote {o.Output}");
        }
        var dimText = string.Join(", ", k.Dims.Select(d => $"{d}={allDims[d]}"));
        io.Out.WriteLine($"{k.Name} ({dimText}) {where}:");
        TensorSummary.Write(io.Out, outs);
        if (kernelTime is { } t)
            io.Out.WriteLine($"kernel time: {t.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)} ms (CUDA events, all launches)");
        return ExitCodes.Success;
    }

    /// <summary>The load-time check, then the bundle's files. <paramref name="refusal"/>: the exit code when the run
    /// must stop (2: refused; 1: not a bundle at all, diagnostics in <paramref name="diags"/> are already printed).</summary>
    private static BundleProgram? OpenBundle(RunOptions o, CliIO io, DiagnosticBag diags, out int? refusal)
    {
        refusal = null;
        if (!File.Exists(Path.Combine(o.Path, BundleManifest.ManifestFile)))
        {
            BundleReader.Read(o.Path, diags);   // reports KC0602 (no manifest.json)
            return null;
        }
        var (outcome, log) = LoadCheck.Run(o.Path, o.VerifyTimeoutMs, o.ProvePtx);
        if (outcome != LoadCheck.Outcome.Verified)
        {
            var what = outcome == LoadCheck.Outcome.Tampered
                ? "its files do not say what they claim (a changed, added or removed file, or IR, PTX or proofs that differ from what verify re-derives)"
                : "not every proof obligation is proved";
            if (!o.AllowUnverified)
            {
                io.Err.WriteLine($"kernelc: refusing to run {o.Path}: {what}.");
                foreach (var line in LoadCheck.Reasons(log)) io.Err.WriteLine("  " + line);
                io.Err.WriteLine($"Run `kernelc verify {o.Path}` for the full report; --allow-unverified runs it anyway.");
                refusal = ExitCodes.NotProved;
                return null;
            }
            io.Err.WriteLine("WARNING: ****************************************************************");
            io.Err.WriteLine($"WARNING: running an UNVERIFIED bundle (--allow-unverified): {what}.");
            foreach (var line in LoadCheck.Reasons(log)) io.Err.WriteLine("WARNING:   " + line);
            io.Err.WriteLine("WARNING: nothing about this run is proved; its results may not be what the source computes.");
            io.Err.WriteLine("WARNING: ****************************************************************");
        }
        else
            io.Err.WriteLine(log.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith("verified ", StringComparison.Ordinal))
                ?? $"verified {o.Path}");
        var bundle = BundleReader.Read(o.Path, new DiagnosticBag());
        return bundle is not null ? BundleProgram.Strict(bundle) : BundleProgram.Raw(o.Path);
    }
}
