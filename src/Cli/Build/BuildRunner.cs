using System.Globalization;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Support;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Passes;
using KernelC.Passes.Registry;
using KernelC.Runtime;
using KernelC.Runtime.Bundles;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Build;

/// <summary>`kernelc build`: compile, run each pass of the pipeline, verify its IR, check its certificate with every
/// requested solver, and only when every obligation is Proved write the bundle — into a staging folder beside the
/// target, moved in place at the very end, so a failed build leaves no bundle and nothing half-written.
/// Passes are untrusted: a pass that throws, returns invalid IR or a certificate the checker does not prove stops
/// the build with exit 2. After emission the lowering rule proves every kernel's PTX against the final IR
/// (<see cref="LoweringStage"/>); a lowering obligation not proved stops the build with exit 2 too.</summary>
public static class BuildRunner
{
    public static int Run(BuildOptions o, CliIO io)
    {
        var diags = new DiagnosticBag();
        var target = PtxTarget.Parse(o.Target);
        if (target is null)
            diags.Error(PtxDiagnosticIds.UnknownTarget, "--target", $"unknown target {o.Target} (known: {string.Join(", ", PtxTarget.Known)})");
        if (o.TimeoutMs <= 0) diags.Error(BundleCliErrors.BadTimeout, "--timeout", "must be a positive number of milliseconds");
        var source = SourceFiles.Read(o.File, diags);
        if (source is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);
        var module = FrontEnd.Compile(source, diags);
        if (module is null) return DiagnosticWriter.Report(diags, io.Err);
        var unit = FrontEnd.Parse(source, new DiagnosticBag())
            ?? throw new InvalidOperationException("a file that compiles must parse (compiler bug)");
        var spec = PipelineChoice.Choose(o.Pipeline, unit, diags);

        var registry = PassRegistry.BuiltIn();
        foreach (var dll in o.Plugins) registry.LoadPlugin(dll, diags);
        var passes = new List<IPass>();
        if (spec is not null)
            foreach (var p in spec.Passes)
                if (registry.Resolve(p, diags) is { } pass) passes.Add(pass);
        CheckOutput(o.Output, diags);
        if (spec is null || target is null || diags.HasErrors) return DiagnosticWriter.Report(diags, io.Err);

        var solvers = SolverChoice.Resolve(o.Solver);
        var limits = new SolverLimits(TimeoutMs: o.TimeoutMs);
        var stages = new List<BuiltStage> { new(0, null, module, null, []) };
        var current = module;
        for (int i = 0; i < passes.Count; i++)
        {
            var ps = spec.Passes[i];
            io.Err.WriteLine($"[{i + 1}/{passes.Count}] {ps}");
            var (next, code) = RunPass(passes[i], ps, current, io, diags);
            if (next is null) return code;
            var checks = new List<(string, IReadOnlyList<ObligationOutcome>)>();
            foreach (var solver in solvers)
            {
                var report = Checker.Check(current, next.Module, next.Certificate, new CheckOptions(solver, limits));
                foreach (var ob in report.Obligations)
                    io.Err.WriteLine($"  {Word(ob.Verdict),-8} {ob.Record.Name}{(solvers.Count > 1 ? "  " + solver.Name : "")}  ({Seconds(ob.SolverTime)})");
                if (!report.Passed)
                {
                    BuildFailure.Write(io.Err, ps, i + 1, solver.Name, report, current, next.Module);
                    return ExitCodes.NotProved;
                }
                checks.Add((solver.Name, report.Obligations));
            }
            stages.Add(new BuiltStage(i + 1, ps, next.Module, next.Certificate, checks));
            current = next.Module;
        }

        io.Err.WriteLine($"[ptx] {target.Sm}");
        var programs = PtxStage.Emit(current, target, diags);
        if (programs is null) return DiagnosticWriter.Report(diags, io.Err);
        var (skeleton, files) = BundleContents.Make(File.ReadAllBytes(o.File), Path.GetFileName(o.File), spec.ToString(), limits, stages);
        PtxStage.AddFiles(files, programs);
        io.Err.WriteLine($"[lowering] PTX against the final IR ({programs.Count} kernel{(programs.Count == 1 ? "" : "s")})");
        var lowering = new List<(string Kernel, string Solver, ObligationOutcome Outcome)>();
        if (!LoweringStage.Run(current, programs, solvers, limits, files, io.Err, lowering)) return ExitCodes.NotProved;
        if (!WriteBundle(o.Output, skeleton, files, diags)) return DiagnosticWriter.Report(diags, io.Err);
        io.Err.WriteLine($"wrote {o.Output} ({files.Count + 1} files)");
        BuildSummary.Write(io.Out, stages, lowering);
        KernelReportTable.Write(io.Out, programs, target);
        return ExitCodes.Success;
    }

    /// <summary>Runs one untrusted pass: null with the exit code when it crashed (2), reported a user error (1),
    /// returned nothing, returned IR the verifier rejects, or a certificate naming another pass (2).</summary>
    private static (PassOutput? Output, int Code) RunPass(IPass pass, PassSpec spec, Module input, CliIO io, DiagnosticBag diags)
    {
        PassOutput? output;
        try { output = pass.Run(input, spec, diags); }
        catch (Exception e)
        {
            io.Err.WriteLine($"kernelc: pass {spec.Name} crashed: {e.GetType().Name}: {e.Message}");
            io.Err.WriteLine("The pass is untrusted: its output is discarded and no bundle was written.");
            return (null, ExitCodes.NotProved);
        }
        if (output is null)
        {
            if (diags.HasErrors) return (null, DiagnosticWriter.Report(diags, io.Err));
            io.Err.WriteLine($"kernelc: pass {spec.Name} returned no module and reported no diagnostic; no bundle was written.");
            return (null, ExitCodes.NotProved);
        }
        if (IrVerifier.Verify(output.Module) is { Count: > 0 } problems)
        {
            io.Err.WriteLine($"kernelc: pass {spec.Name} produced invalid IR; no bundle was written:");
            foreach (var p in problems.Take(20)) io.Err.WriteLine("  " + p);
            return (null, ExitCodes.NotProved);
        }
        if (output.Certificate.Pass != spec.Name)
        {
            io.Err.WriteLine($"kernelc: pass {spec.Name} returned a certificate for pass '{output.Certificate.Pass}'; no bundle was written.");
            return (null, ExitCodes.NotProved);
        }
        return (output, ExitCodes.Success);
    }

    /// <summary>-o must be a folder that does not exist yet, an empty one, or a previous bundle (it has a
    /// manifest.json): anything else would be deleted by the replacement.</summary>
    private static void CheckOutput(string output, DiagnosticBag diags)
    {
        if (File.Exists(output)) { diags.Error(BundleCliErrors.BadOutput, output, "-o names a file; a bundle is a folder"); return; }
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any()
            && !File.Exists(Path.Combine(output, BundleManifest.ManifestFile)))
            diags.Error(BundleCliErrors.BadOutput, output, "-o names a folder that is not empty and not a bundle (no manifest.json); refusing to replace it");
    }

    private static bool WriteBundle(string output, BundleManifest skeleton, Dictionary<string, byte[]> files, DiagnosticBag diags)
    {
        var target = Path.GetFullPath(output);
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(target))!;
        var staging = Path.Combine(parent, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(target))}.staging-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(parent);
            BundleWriter.Write(staging, skeleton, files);
            AtomicFile.ReplaceDirectory(staging, target);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diags.Error(BundleCliErrors.BadOutput, output, $"cannot write the bundle: {e.Message}");
            try { if (Directory.Exists(staging)) Directory.Delete(staging, true); }
            catch (IOException) { /* best effort: the target is untouched; a leftover hidden staging folder is harmless */ }
            return false;
        }
    }

    internal static string Word(Verdict v) => v switch { Verdict.Proved => "proved", Verdict.Refuted => "refuted", _ => "unknown" };

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
