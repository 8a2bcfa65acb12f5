using KernelC.Frontend.Syntax;
using KernelC.IR;
using KernelC.Passes;

namespace KernelC.Cli.Build;

/// <summary>Which pipeline a build runs: --pipeline when given (errors positioned in that text); else the
/// `schedule "..."` of the file's kernels, which must all agree (errors positioned inside the schedule string in the
/// source); else "fuse".</summary>
public static class PipelineChoice
{
    public const string Default = "fuse";

    public static PipelineSpec? Choose(string? option, SourceUnit unit, DiagnosticBag diags)
    {
        if (option is not null) return PipelineParser.Parse(option, "--pipeline", diags);
        PipelineSpec? chosen = null;
        KernelSyntax? first = null;
        foreach (var k in unit.Kernels)
        {
            if (k.Schedule is not { } schedule) continue;
            var (start, length) = Locate(unit.Text, k, schedule);
            var spec = PipelineParser.Parse(unit.Text, diags, start, length);
            if (spec is null) return null;
            if (chosen is null) { chosen = spec; first = k; continue; }
            if (spec.ToString() != chosen.ToString())
            {
                diags.Error(BundleCliErrors.SchedulesDisagree, new SourceSpan(unit.Text, start, length),
                    $"kernel {k.Name.Text} schedules \"{spec}\" but kernel {first!.Name.Text} schedules \"{chosen}\": "
                    + "give the pipeline with --pipeline");
                return null;
            }
        }
        return chosen ?? PipelineParser.Parse(Default, "default pipeline", diags);
    }

    /// <summary>The schedule string's characters (inside the quotes) in the source: the schedule is the last item
    /// of the kernel body, so its last quoted occurrence in the kernel's span.</summary>
    private static (int Start, int Length) Locate(SourceText text, KernelSyntax k, string schedule)
    {
        int end = Math.Min(text.Text.Length, k.Span.Start + k.Span.Length);
        int at = text.Text.LastIndexOf("\"" + schedule + "\"", end - 1, end - k.Span.Start, StringComparison.Ordinal);
        return at < 0 ? (k.Span.Start, 0) : (at + 1, schedule.Length);
    }
}
