using KernelC.IR;
using KernelC.Passes;
using KernelC.Verifier.Checking;

namespace KernelC.Cli.Build;

/// <summary>One proved step of a build: stage <see cref="Index"/> (0 = the front end's IR, no pass), the module after
/// it, its certificate, and per solver the checker's outcomes (all Proved; records and SMT-LIB2 texts equal across
/// solvers, since neither depends on the solver).</summary>
public sealed record BuiltStage(int Index, PassSpec? Pass, Module Module, Certificate? Certificate,
    IReadOnlyList<(string Solver, IReadOnlyList<ObligationOutcome> Outcomes)> Checks)
{
    public string PassName => Pass?.Name ?? "source";
    public string Slug => $"{Index}-{PassName}";
    public string IrPath => $"ir/{Slug}.kcir";
    public string CertificateFolder => $"certificates/{Slug}";
}
