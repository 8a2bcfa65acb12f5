using KernelC.Cli.Support;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using Spectre.Console;

namespace KernelC.Cli.Build;

/// <summary>The table printed after a successful build: per stage and solver, the pass, the obligations, their
/// verdicts and the solver time (times are printed only, never written into the bundle).</summary>
public static class BuildSummary
{
    public static void Write(TextWriter writer, IReadOnlyList<BuiltStage> stages,
        IReadOnlyList<(string Kernel, string Solver, ObligationOutcome Outcome)>? lowering = null)
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
        // the lowering proof of each kernel's PTX: stage n+1, pass "ptx @KERNEL"
        foreach (var g in (lowering ?? []).GroupBy(l => (l.Kernel, l.Solver)))
        {
            var outcomes = g.Select(l => l.Outcome).ToList();
            var verdicts = string.Join(", ", outcomes.GroupBy(o => BuildRunner.Word(o.Verdict)).Select(v => $"{v.Count()} {v.Key}"));
            var time = TimeSpan.FromTicks(outcomes.Sum(o => o.SolverTime.Ticks));
            table.AddRow(stages.Count.ToString(), Markup.Escape($"ptx @{g.Key.Kernel}"), g.Key.Solver, outcomes.Count.ToString(), verdicts, BuildRunner.Seconds(time));
        }
        Tables.Console(writer).Write(table);
    }
}
