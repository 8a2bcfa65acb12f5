using KernelC.IR;
using KernelC.Passes;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Build;

/// <summary>The report of a step that is not proved: the pass, the obligation, the verdict and its reason, the
/// replayed counterexample, and the IR before and after of the kernel concerned.</summary>
public static class BuildFailure
{
    public static void Write(TextWriter err, PassSpec pass, int stage, string solver, CheckReport report, Module before, Module after)
    {
        err.WriteLine();
        if (report.Rejection is { } why)
        {
            err.WriteLine($"kernelc: pass {pass} (stage {stage}) is not proved: its certificate is rejected: {why}");
            err.WriteLine("no bundle was written");
            return;
        }
        var failed = report.Obligations.FirstOrDefault(o => o.Verdict is not Verdict.Proved);
        if (failed is null)
        {
            err.WriteLine($"kernelc: pass {pass} (stage {stage}) produced no obligation to prove; no bundle was written");
            return;
        }
        var r = failed.Record;
        err.WriteLine($"kernelc: pass {pass} (stage {stage}) is not proved: obligation {r.Name} ({solver}): {r.Verdict}");
        err.WriteLine($"  claim: {r.Claim}");
        err.WriteLine($"  semantics: {r.Semantics}, sizes: {r.Sizes}, tolerance: {r.Tolerance}");
        if (failed.Counterexample is { } cex) err.WriteLine("  counterexample: " + cex.Describe().Replace("\n", "\n  "));
        if (before.Find(r.Kernel) is { } kb) { err.WriteLine($"IR before {pass} (@{r.Kernel}):"); err.WriteLine(IrPrinter.Print(kb)); }
        if (after.Find(r.Kernel) is { } ka) { err.WriteLine($"IR after {pass} (@{r.Kernel}):"); err.WriteLine(IrPrinter.Print(ka)); }
        err.WriteLine("no bundle was written");
    }
}
