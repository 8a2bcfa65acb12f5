using System.Text;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Runtime.Bundles;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Build;

/// <summary>The lowering step of `kernelc build` (docs/checker.md "Lowering", docs/bundles.md): for every emitted
/// kernel the checker's lowering rule proves its PTX + launch program against the final IR, with every requested
/// solver and the build's limits. The certificate is exactly <see cref="LoweringCertificate.For"/> of the final IR,
/// the kernel and its PTX text (no sizes hint), so `kernelc verify` re-derives it from the bundle's files alone.
/// Files: ptx/lowering/KERNEL/certificate.json and NAME.smt2 + NAME.json per obligation (the first solver's records,
/// in the checker's order; the same bytes for every solver, since neither depends on the solver, and no times).</summary>
public static class LoweringStage
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The certificate the build writes and verify expects for kernel <paramref name="kernel"/>.</summary>
    public static Certificate CertificateFor(Module final, string kernel, string ptxText) =>
        LoweringCertificate.For(final, kernel, ptxText, PtxStage.ProgramPath(kernel));

    /// <summary>One kernel's proof: (certificate, report) per solver, in solver order (obligations generated once).</summary>
    public static IEnumerable<(string Solver, Certificate Cert, CheckReport Report)> Prove(Module final, string kernel,
        string ptxText, string programJson, IReadOnlyList<ISolver> solvers, Func<ISolver, ISolver> wrap, SolverLimits limits)
    {
        var cert = CertificateFor(final, kernel, ptxText);
        // the obligations are generated once and solved by each solver
        var reports = LoweringCheck.CheckEach(final, ptxText, programJson, cert, solvers.Select(s => new CheckOptions(wrap(s), limits)).ToList());
        for (int i = 0; i < solvers.Count; i++) yield return (solvers[i].Name, cert, reports[i]);
    }

    /// <summary>Build: proves every program; prints one line per obligation like the pass stages; on the first
    /// kernel not proved by some solver writes the failure and returns false (the caller exits 2, no bundle).
    /// Otherwise adds the lowering files to <paramref name="files"/>.</summary>
    public static bool Run(Module final, IReadOnlyList<PtxProgram> programs, IReadOnlyList<ISolver> solvers, SolverLimits limits,
        Dictionary<string, byte[]> files, TextWriter err, List<(string Kernel, string Solver, ObligationOutcome Outcome)> proved)
    {
        foreach (var p in programs)
        {
            var json = PtxProgramJson.Write(p);
            IReadOnlyList<ObligationOutcome>? first = null;
            Certificate? cert = null;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            foreach (var (solver, c, report) in Prove(final, p.KernelName, p.PtxText, json, solvers, s => s, limits))
            {
                foreach (var ob in report.Obligations)
                    err.WriteLine($"  {BuildRunner.Word(ob.Verdict),-8} {ob.Record.Name}{(solvers.Count > 1 ? "  " + solver : "")}  ({BuildRunner.Seconds(ob.SolverTime)})");
                if (!report.Passed)
                {
                    WriteFailure(err, p.KernelName, solver, report);
                    return false;
                }
                foreach (var ob in report.Obligations) proved.Add((p.KernelName, solver, ob));
                first ??= report.Obligations;
                cert = c;
            }
            err.WriteLine($"  lowering of @{p.KernelName}: {BuildRunner.Seconds(wall.Elapsed)} wall (normal forms and solving, all solvers)");
            var dir = BundlePtx.LoweringDir(p.KernelName);
            files[$"{dir}/{BundlePtx.LoweringCertificate}"] = Utf8.GetBytes(CertificateJson.Write(cert!));
            foreach (var o in first!)
            {
                files[$"{dir}/{o.Record.Name}.smt2"] = Utf8.GetBytes(o.SmtLib2);
                files[$"{dir}/{o.Record.Name}.json"] = Utf8.GetBytes(o.Record.ToJson());
            }
        }
        return true;
    }

    private static void WriteFailure(TextWriter err, string kernel, string solver, CheckReport report)
    {
        err.WriteLine();
        if (report.Rejection is { } why)
            err.WriteLine($"kernelc: the PTX of kernel @{kernel} is not proved: the lowering certificate is rejected: {why}");
        else if (report.Obligations.FirstOrDefault(o => o.Verdict is not Verdict.Proved) is { } failed)
        {
            var r = failed.Record;
            err.WriteLine($"kernelc: the PTX of kernel @{kernel} is not proved: obligation {r.Name} ({solver}): {r.Verdict}");
            err.WriteLine($"  claim: {r.Claim}");
            err.WriteLine($"  semantics: {r.Semantics}, sizes: {r.Sizes}, tolerance: {r.Tolerance}");
            if (failed.Counterexample is { } cex) err.WriteLine("  counterexample: " + cex.Describe().Replace("\n", "\n  "));
        }
        else err.WriteLine($"kernelc: the lowering check of kernel @{kernel} produced no obligation to prove");
        err.WriteLine("no bundle was written");
    }
}
