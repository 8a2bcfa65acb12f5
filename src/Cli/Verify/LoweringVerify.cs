using KernelC.Cli.Build;
using KernelC.IR;
using KernelC.Runtime.Bundles;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Verify;

/// <summary>`kernelc verify`, always: the lowering proof (docs/checker.md "Lowering") of every kernel's
/// ptx/KERNEL.ptx + ptx/KERNEL.program.json against the bundle's final IR, re-derived from those files alone. The
/// certificate is recomputed (<see cref="LoweringStage.CertificateFor"/>: hashes of the IR and PTX the bundle holds)
/// and the proof runs with it whatever the bundle stores, so an edited PTX is checked for what it computes; then the
/// stored ptx/lowering/KERNEL/ files must be exactly the regenerated ones: certificate.json, and per obligation
/// NAME.smt2 and NAME.json — no missing, no extra, no differing file (KC0622..KC0625). Rows get the stage number
/// after the last pass and the pass name "ptx". A rejection by the checker is KC0622 (exit 1) and an Unknown row.</summary>
public static class LoweringVerify
{
    public static void Run(Bundle bundle, Module final, IReadOnlyList<ISolver> solvers, SolverLimits written, SolverLimits solve,
        Dictionary<string, int> lines, List<VerifyRow> rows, TextWriter err, DiagnosticBag diags)
    {
        int stage = bundle.Manifest.Stages.Count;
        foreach (var k in final.Kernels)
        {
            var ptx = bundle.Text(PtxStage.PtxPath(k.Name), BundleCliErrors.PtxDiffers, diags);
            var prog = bundle.Text(PtxStage.ProgramPath(k.Name), BundleCliErrors.PtxDiffers, diags);
            if (ptx is null || prog is null) continue;
            err.WriteLine($"[{stage}/{stage}] ptx @{k.Name} (lowering)");
            int line = lines.TryGetValue(k.Name, out var l) ? l : 0;
            bool compared = false;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            foreach (var (solver, cert, report) in LoweringStage.Prove(final, k.Name, ptx, prog, solvers,
                s => written == solve ? s : new LimitOverrideSolver(s, written, solve), written))
            {
                if (report.Rejection is { } why)
                {
                    diags.Error(BundleCliErrors.CertificateRejected, bundle.PathOf(PtxStage.PtxPath(k.Name)), $"the checker rejects the lowering of @{k.Name}: {why}");
                    var record = new ObligationRecord($"{k.Name}.lowering", LoweringCertificate.Pass, "lowering", k.Name, "",
                        "the lowering certificate is checked", "", "", "", cert.BeforeHash, cert.AfterHash, "unknown: rejected: " + why);
                    rows.Add(new VerifyRow(stage, LoweringCertificate.Pass, solver,
                        new ObligationOutcome(record, "", new Verdict.Unknown("rejected: " + why), TimeSpan.Zero, null), line));
                    break;
                }
                foreach (var o in report.Obligations)
                {
                    err.WriteLine($"  {BuildRunner.Word(o.Verdict),-8} {o.Record.Name}  {solver}  ({BuildRunner.Seconds(o.SolverTime)})");
                    rows.Add(new VerifyRow(stage, LoweringCertificate.Pass, solver, o, line));
                }
                if (!compared) Compare(bundle, k.Name, cert, report, diags);
                compared = true;
            }
            err.WriteLine($"  lowering of @{k.Name}: {BuildRunner.Seconds(wall.Elapsed)} wall (normal forms and solving, all solvers)");
        }
    }

    /// <summary>The stored lowering files of <paramref name="kernel"/> against the regenerated certificate and
    /// obligations. A difference in an obligation that is not proved is not reported twice (it is a failed row).</summary>
    private static void Compare(Bundle b, string kernel, Certificate cert, CheckReport report, DiagnosticBag diags)
    {
        var dir = BundlePtx.LoweringDir(kernel);
        var manifestPath = b.PathOf(BundleManifest.ManifestFile);
        var stored = b.Manifest.Files.Select(f => BundlePtx.LoweringFileOf(f.Path)).Where(x => x is { } lf && lf.Kernel == kernel)
            .Select(x => x!.Value.File).ToHashSet(StringComparer.Ordinal);
        var certPath = $"{dir}/{BundlePtx.LoweringCertificate}";
        if (!stored.Contains(BundlePtx.LoweringCertificate))
        {
            diags.Error(BundleCliErrors.ObligationsDiffer, manifestPath, $"{certPath} is missing: the bundle holds no lowering proof of @{kernel}");
            return;
        }
        if (b.Text(certPath, BundleCliErrors.BadStageFile, diags) is { } text && text != CertificateJson.Write(cert))
            diags.Error(BundleCliErrors.ObligationsDiffer, b.PathOf(certPath), "differs from the lowering certificate of the bundle's final IR and PTX");
        bool allProved = report.Obligations.All(o => o.Verdict is Verdict.Proved);
        var regenerated = new HashSet<string>(StringComparer.Ordinal) { BundlePtx.LoweringCertificate };
        foreach (var o in report.Obligations)
        {
            var stem = $"{dir}/{o.Record.Name}";
            regenerated.Add(o.Record.Name + ".smt2");
            regenerated.Add(o.Record.Name + ".json");
            if (!stored.Contains(o.Record.Name + ".smt2"))
            {
                if (allProved) diags.Error(BundleCliErrors.ObligationsDiffer, manifestPath, $"obligation '{stem}' is regenerated but not in the bundle");
                continue;
            }
            if (b.Text(stem + ".smt2", BundleCliErrors.SmtDiffers, diags) is { } smt && smt != o.SmtLib2)
                diags.Error(BundleCliErrors.SmtDiffers, b.PathOf(stem + ".smt2"), "differs from the regenerated SMT-LIB2 of this lowering obligation");
            var expected = (o.Verdict is Verdict.Proved ? o.Record : o.Record with { Verdict = "proved" }).ToJson();
            if (b.Text(stem + ".json", BundleCliErrors.RecordDiffers, diags) is { } rec && rec != expected)
                diags.Error(BundleCliErrors.RecordDiffers, b.PathOf(stem + ".json"), "differs from the regenerated record of this lowering obligation");
        }
        foreach (var f in stored.Where(f => !regenerated.Contains(f)).Order(StringComparer.Ordinal))
            diags.Error(BundleCliErrors.ObligationsDiffer, manifestPath, $"'{dir}/{f}' is not regenerated from the bundle's final IR and PTX");
    }
}
