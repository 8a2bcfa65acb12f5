using KernelC.Cli.Support;
using KernelC.Verifier.Solvers;
using Spectre.Console;

namespace KernelC.Cli.Build;

/// <summary>The table printed after a successful build: per stage and solver, the pass, the obligations, their
/// verdicts and the solver time (times are printed only, never written into the bundle).</summary>
public static class BuildSummary
{
    public static void Write(TextWriter writer, IReadOnlyList<BuiltStage> stages)
    {
        var table = new Table().AddColumns("stage", "pass", "solver", "obligations", "verdicts", "solver time");
        foreach (var s in stages)
        {
            if (s.Checks.Count == 0) { table.AddRow(s.Index.ToString(), s.PassName, "-", "0", "-", "-"); continue; }
            foreach (var (solver, outcomes) in s.Checks)
            {
                var verdicts = string.Join(", ", outcomes.GroupBy(o => BuildRunner.Word(o.Verdict)).Select(g => $"{g.Count()} {g.Key}"));
                var time = TimeSpan.FromTicks(outcomes.Sum(o => o.SolverTime.Ticks));
                table.AddRow(s.Index.ToString(), Markup.Escape(s.Pass!.ToString()), solver, outcomes.Count.ToString(), verdicts, BuildRunner.Seconds(time));
            }
        }
        Tables.Console(writer).Write(table);
    }
}
