using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Verify;

/// <summary>`verify --timeout`: the obligations are regenerated with the bundle's limits (they are part of each
/// .smt2 file, which must match byte for byte), but solved under other limits. This solver hands
/// <paramref name="solve"/> to the inner solver and replaces, in each script, the option lines the SMT printer
/// wrote for <paramref name="written"/> by those it writes for <paramref name="solve"/> (the option lines come from
/// <see cref="SmtPrinter.Options"/> only, so no SMT text is made here).</summary>
public sealed class LimitOverrideSolver(ISolver inner, SolverLimits written, SolverLimits solve) : ISolver
{
    public string Name => inner.Name;

    public SolverAnswer CheckScript(string smtlib2, SolverLimits limits)
    {
        var from = SmtPrinter.Options(written).ToList();
        var to = SmtPrinter.Options(solve).ToList();
        var script = smtlib2;
        for (int i = 0; i < from.Count && i < to.Count; i++)
            script = script.Replace(from[i] + "\n", to[i] + "\n", StringComparison.Ordinal);
        return inner.CheckScript(script, solve);
    }
}
