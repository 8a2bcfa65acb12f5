using KernelC.Cli.Build;
using KernelC.Cli.Support;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Passes;
using KernelC.Runtime.Bundles;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Verify;

/// <summary>`kernelc verify`: believes nothing in the bundle but its bytes. Reads it strictly (hashes, paths, stray
/// files: exit 1); re-lowers source.kc and requires ir/0 byte for byte; for each later stage parses the IR before and
/// after and the certificate (each must be in canonical printed form, so the bytes hashed are the bytes checked),
/// re-runs the checker with every requested solver and requires the obligation list, each .smt2 and each record to
/// be exactly what was regenerated (any difference: exit 1, naming the file). An obligation not Proved by every
/// solver: exit 2. Then the PTX: re-emitted byte for byte (KC0627) and its lowering proof re-derived, re-proved and
/// compared with ptx/lowering/ (<see cref="LoweringVerify"/>). Never exit 0 unless everything matched and everything
/// was proved.</summary>
public static class VerifyRunner
{
    public static int Run(VerifyOptions o, CliIO io)
    {
        var diags = new DiagnosticBag();
        if (o.TimeoutMs is <= 0) diags.Error(BundleCliErrors.BadTimeout, "--timeout", "must be a positive number of milliseconds");
        var bundle = diags.HasErrors ? null : BundleReader.Read(o.Bundle, diags);
        if (bundle is null) return DiagnosticWriter.Report(diags, io.Err);
        var solvers = SolverChoice.Resolve(o.Solver);

        var m = bundle.Manifest;
        var written = new SolverLimits(m.Limits.TimeoutMs, m.Limits.Rlimit, m.Limits.Seed);
        var solve = o.TimeoutMs is { } t ? written with { TimeoutMs = t } : written;
        var rows = new List<VerifyRow>();
        var modules = Rederive(bundle, diags, out var lines, out var spec);
        if (modules is not null && spec is not null)
        {
            for (int i = 1; i < m.Stages.Count; i++)
                CheckStage(bundle, i, spec.Passes[i - 1], modules[i - 1], modules[i], solvers, written, solve, lines, rows, io, diags);
            PtxStage.Recheck(bundle, modules[^1], diags);
            LoweringVerify.Run(bundle, modules[^1], solvers, written, solve, lines, rows, io.Err, diags);
        }

        if (rows.Count > 0) VerifyTable.Write(io.Out, rows);
        if (o.Sarif is not null && modules is not null && !SarifWriter.TryWrite(o.Sarif, m.Source.Name, rows, diags))
            return DiagnosticWriter.Report(diags, io.Err);
        if (diags.HasErrors)
        {
            io.Err.WriteLine("the bundle does not say what it claims:");
            return DiagnosticWriter.Report(diags, io.Err);
        }
        var failed = rows.Where(r => r.Outcome.Verdict is not Verdict.Proved).ToList();
        foreach (var r in failed)
        {
            io.Err.WriteLine($"not proved: stage {r.Stage} {r.Pass}: {r.Outcome.Record.Name} ({r.Solver}): {r.Outcome.Record.Verdict}");
            if (r.Outcome.Counterexample is { } cex) io.Err.WriteLine("  counterexample: " + cex.Describe().Replace("\n", "\n  "));
        }
        if (failed.Count > 0) return ExitCodes.NotProved;
        io.Err.WriteLine($"verified {o.Bundle}: {rows.Count} obligation{(rows.Count == 1 ? "" : "s")} proved ({string.Join(", ", solvers.Select(s => s.Name))})");
        return ExitCodes.Success;
    }

    /// <summary>Stage 0 from source.kc, stages ≥ 1 parsed from their IR files; null on any difference.
    /// <paramref name="lines"/>: kernel name → line of its signature in source.kc.</summary>
    private static List<Module>? Rederive(Bundle b, DiagnosticBag diags, out Dictionary<string, int> lines, out PipelineSpec? spec)
    {
        lines = new Dictionary<string, int>(StringComparer.Ordinal);
        spec = null;
        var m = b.Manifest;
        var text = b.Text(BundleManifest.SourceFile, BundleCliErrors.SourceIrDiffers, diags);
        if (text is null) return null;
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var source = new SourceText(b.PathOf(BundleManifest.SourceFile), text);
        var module0 = FrontEnd.Compile(source, diags);
        if (module0 is null) return null;
        foreach (var k in FrontEnd.Parse(source, new DiagnosticBag())?.Kernels ?? [])
            lines[k.Name.Text] = k.Span.StartPosition.Line;
        var ir0 = b.Text(m.Stages[0].Ir, BundleCliErrors.SourceIrDiffers, diags);
        if (ir0 is null) return null;
        if (IrPrinter.Print(module0) != ir0)
        {
            diags.Error(BundleCliErrors.SourceIrDiffers, b.PathOf(m.Stages[0].Ir), "differs from the IR of source.kc lowered by this front end");
            return null;
        }

        spec = PipelineParser.Parse(m.Pipeline, b.PathOf(BundleManifest.ManifestFile) + " (pipeline)", diags);
        if (spec is null) return null;
        if (spec.Passes.Count != m.Stages.Count - 1
            || !spec.Passes.Select(p => p.ToString()).SequenceEqual(m.Stages.Skip(1).Select(s => s.Pass)))
        {
            diags.Error(BundleCliErrors.BadStageFile, b.PathOf(BundleManifest.ManifestFile),
                $"the stages' passes ({string.Join(",", m.Stages.Skip(1).Select(s => s.Pass))}) are not the pipeline \"{spec}\"");
            return null;
        }

        var modules = new List<Module> { module0 };
        for (int i = 1; i < m.Stages.Count; i++)
        {
            var path = m.Stages[i].Ir;
            var irText = b.Text(path, BundleCliErrors.BadStageFile, diags);
            if (irText is null) return null;
            var parsed = IrParser.Parse(new SourceText(b.PathOf(path), irText), diags);
            if (parsed is null) return null;
            if (IrPrinter.Print(parsed) != irText)
            {
                diags.Error(BundleCliErrors.BadStageFile, b.PathOf(path), "IR text is not in the printer's canonical form");
                return null;
            }
            modules.Add(parsed);
        }
        return modules;
    }

    private static void CheckStage(Bundle b, int index, PassSpec pass, Module before, Module after, IReadOnlyList<ISolver> solvers,
        SolverLimits written, SolverLimits solve, Dictionary<string, int> lines, List<VerifyRow> rows, CliIO io, DiagnosticBag diags)
    {
        var stage = b.Manifest.Stages[index];
        var certPath = stage.Certificate!;
        var certText = b.Text(certPath, BundleCliErrors.BadStageFile, diags);
        if (certText is null) return;
        var cert = CertificateJson.Read(certText, b.PathOf(certPath), diags);
        if (cert is null) return;
        if (CertificateJson.Write(cert) != certText)
        {
            diags.Error(BundleCliErrors.BadStageFile, b.PathOf(certPath), "certificate is not in canonical form");
            return;
        }
        if (cert.Pass != pass.Name)
        {
            diags.Error(BundleCliErrors.BadStageFile, b.PathOf(certPath), $"certificate of pass '{cert.Pass}' at a stage of pass '{pass.Name}'");
            return;
        }
        var folder = certPath.Contains('/') ? certPath[..certPath.LastIndexOf('/')] : "";
        io.Err.WriteLine($"[{index}/{b.Manifest.Stages.Count - 1}] {pass}");
        foreach (var solver in solvers)
        {
            var actual = written == solve ? solver : new LimitOverrideSolver(solver, written, solve);
            var report = Checker.Check(before, after, cert, new CheckOptions(actual, written));
            if (report.Rejection is { } why)
            {
                diags.Error(BundleCliErrors.CertificateRejected, b.PathOf(certPath), $"the checker rejects the certificate: {why}");
                return;
            }
            foreach (var ob in report.Obligations)
                io.Err.WriteLine($"  {BuildRunner.Word(ob.Verdict),-8} {ob.Record.Name}  {solver.Name}  ({BuildRunner.Seconds(ob.SolverTime)})");
            Compare(b, stage, folder, report, solver.Name, diags);
            foreach (var ob in report.Obligations)
                rows.Add(new VerifyRow(index, pass.ToString(), solver.Name, ob, lines.GetValueOrDefault(ob.Record.Kernel)));
        }
    }

    /// <summary>The regenerated obligations against the stored ones. A fallback obligation the checker adds only
    /// after a failure is not a difference (the failure itself is reported as not proved).</summary>
    private static void Compare(Bundle b, BundleStage stage, string folder, CheckReport report, string solver, DiagnosticBag diags)
    {
        string Stem(ObligationOutcome o) => folder.Length == 0 ? o.Record.Name : $"{folder}/{o.Record.Name}";
        var regenerated = report.Obligations.ToDictionary(Stem, StringComparer.Ordinal);
        bool allProved = report.Obligations.All(o => o.Verdict is Verdict.Proved);
        var manifestPath = b.PathOf(BundleManifest.ManifestFile);
        foreach (var name in stage.Obligations)
            if (!regenerated.ContainsKey(name))
                diags.Error(BundleCliErrors.ObligationsDiffer, manifestPath, $"obligation '{name}' is not regenerated from the stage's IR and certificate ({solver})");
        var listed = stage.Obligations.ToHashSet(StringComparer.Ordinal);
        foreach (var (stem, o) in regenerated)
        {
            if (!listed.Contains(stem))
            {
                if (allProved) diags.Error(BundleCliErrors.ObligationsDiffer, manifestPath, $"obligation '{stem}' is regenerated but not in the bundle ({solver})");
                continue;
            }
            if (b.Text(stem + ".smt2", BundleCliErrors.SmtDiffers, diags) is { } smt && smt != o.SmtLib2)
                diags.Error(BundleCliErrors.SmtDiffers, b.PathOf(stem + ".smt2"), "differs from the regenerated SMT-LIB2 of this obligation");
            var expected = (o.Verdict is Verdict.Proved ? o.Record : o.Record with { Verdict = "proved" }).ToJson();
            if (b.Text(stem + ".json", BundleCliErrors.RecordDiffers, diags) is { } rec && rec != expected)
                diags.Error(BundleCliErrors.RecordDiffers, b.PathOf(stem + ".json"), "differs from the regenerated record of this obligation");
        }
        if (allProved && !stage.Obligations.SequenceEqual(report.Obligations.Select(Stem)))
            diags.Error(BundleCliErrors.ObligationsDiffer, manifestPath, $"stage {stage.Index}: obligations are not listed in the checker's order");
    }
}
