using KernelC.Cli.Build;
using KernelC.IR;
using KernelC.Runtime.Bundles;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Verify;

/// <summary>`kernelc verify --prove-ptx`: the lowering proof (docs/checker.md "Lowering") of every kernel's
/// ptx/KERNEL.ptx + ptx/KERNEL.program.json against the bundle's final IR, re-derived from those files alone with a
/// certificate the checker builds from their hashes (the bundle stores no lowering obligation files yet, so there is
/// nothing to compare byte for byte: every obligation is regenerated and re-proved). Rows get the stage number after
/// the last pass and the pass name "ptx". A rejection is a row whose verdict is Unknown with the reason — never a pass.</summary>
public static class LoweringVerify
{
    public static void Run(Bundle bundle, Module final, IReadOnlyList<ISolver> solvers, SolverLimits limits,
        Dictionary<string, int> lines, List<VerifyRow> rows, DiagnosticBag diags)
    {
        int stage = bundle.Manifest.Stages.Count;
        foreach (var k in final.Kernels)
        {
            var ptx = bundle.Text(PtxStage.PtxPath(k.Name), BundleCliErrors.PtxDiffers, diags);
            var prog = bundle.Text(PtxStage.ProgramPath(k.Name), BundleCliErrors.PtxDiffers, diags);
            if (ptx is null || prog is null) continue;
            var cert = LoweringCertificate.For(final, k.Name, ptx, PtxStage.ProgramPath(k.Name));
            foreach (var solver in solvers)
            {
                var report = LoweringCheck.Check(final, ptx, prog, cert, new CheckOptions(solver, limits));
                int line = lines.TryGetValue(k.Name, out var l) ? l : 0;
                if (report.Rejection is { } why)
                {
                    var record = new ObligationRecord($"{k.Name}.lowering", LoweringCertificate.Pass, "lowering", k.Name, "",
                        "the lowering certificate is checked", "", "", "", cert.BeforeHash, cert.AfterHash, "unknown: rejected: " + why);
                    rows.Add(new VerifyRow(stage, LoweringCertificate.Pass, solver.Name,
                        new ObligationOutcome(record, "", new Verdict.Unknown("rejected: " + why), TimeSpan.Zero, null), line));
                    continue;
                }
                foreach (var o in report.Obligations) rows.Add(new VerifyRow(stage, LoweringCertificate.Pass, solver.Name, o, line));
            }
        }
    }
}
