using System.Globalization;
using KernelC.IR;
using Spectre.Console;

namespace KernelC.Cli.Support;

/// <summary>A table of output tensors for a person: dtype, shape, range, mean and the first values.</summary>
public static class TensorSummary
{
    public static void Write(TextWriter writer, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        var console = Tables.Console(writer);
        var table = new Table().AddColumns("output", "dtype", "shape", "min", "max", "mean", "first values");
        foreach (var (name, t) in tensors)
        {
            var data = t.Data;
            double min = data.Length == 0 ? double.NaN : data.Min();
            double max = data.Length == 0 ? double.NaN : data.Max();
            double mean = data.Length == 0 ? double.NaN : data.Average();
            var first = string.Join(" ", data.Take(4).Select(F)) + (data.Length > 4 ? " ..." : "");
            table.AddRow(Markup.Escape(name), t.DType.Name(), Markup.Escape(t.ShapeString), F(min), F(max), F(mean), Markup.Escape(first));
        }
        console.Write(table);
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
