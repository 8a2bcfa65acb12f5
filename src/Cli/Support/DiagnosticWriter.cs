using KernelC.IR;

namespace KernelC.Cli.Support;

public static class DiagnosticWriter
{
    /// <summary>Prints every diagnostic in position order, then a one-line count. Returns the exit code: 1 when
    /// any error was reported, else 0.</summary>
    public static int Report(DiagnosticBag diags, TextWriter err)
    {
        foreach (var d in diags.Sorted())
            err.WriteLine(d.Format());
        int errors = diags.Items.Count(d => d.Severity == Severity.Error);
        if (errors > 0)
            err.WriteLine(errors == 1 ? "1 error" : $"{errors} errors");
        return errors > 0 ? ExitCodes.BadInput : ExitCodes.Success;
    }
}
