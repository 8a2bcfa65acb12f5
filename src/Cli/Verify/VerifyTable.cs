using KernelC.Cli.Build;
using KernelC.Cli.Support;
using Spectre.Console;

namespace KernelC.Cli.Verify;

/// <summary>The table `kernelc verify` prints: one row per obligation and solver.</summary>
public static class VerifyTable
{
    public static void Write(TextWriter writer, IReadOnlyList<VerifyRow> rows)
    {
        var table = new Table().AddColumns("stage", "pass", "obligation", "solver", "verdict", "time");
        foreach (var r in rows)
            table.AddRow(r.Stage.ToString(), Markup.Escape(r.Pass), Markup.Escape(r.Outcome.Record.Name), r.Solver,
                Markup.Escape(r.Outcome.Record.Verdict), BuildRunner.Seconds(r.Outcome.SolverTime));
        Tables.Console(writer).Write(table);
    }
}
