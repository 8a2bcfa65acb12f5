using System.Globalization;
using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Support;
using Spectre.Console;

namespace KernelC.Cli.Build;

/// <summary>The per-launch report printed after a build: declared virtual registers per thread (ptxas allocates the
/// real ones), shared memory per block (static or dynamic), threads per block, grid, and FLOPs and compulsory global bytes per
/// launch as formulas in the dims.</summary>
public static class KernelReportTable
{
    public static void Write(TextWriter writer, IReadOnlyList<PtxProgram> programs, PtxTarget target)
    {
        var table = new Table().AddColumns("kernel", "entry", "grid", "block", "registers", "shared bytes", "FLOPs", "global bytes");
        table.Title = new TableTitle($"PTX ({target.Sm}, ISA {target.Version})");
        foreach (var p in programs)
            foreach (var l in p.Launches)
                table.AddRow(Markup.Escape(p.KernelName), Markup.Escape(l.Entry),
                    Markup.Escape($"{l.GridX} x {l.GridY} x {l.GridZ}"), l.Report.ThreadsPerBlock.ToString(CultureInfo.InvariantCulture),
                    l.Report.Registers.ToString(CultureInfo.InvariantCulture), l.Report.SharedBytes.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(l.Report.FlopsFormula), Markup.Escape(l.Report.GlobalBytesFormula));
        Tables.Console(writer).Write(table);
    }
}
