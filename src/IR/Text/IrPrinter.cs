using System.Globalization;
using System.Text;

namespace KernelC.IR;

/// <summary>Prints IR in its text form (docs/ir.md). Identity: IrParser.Parse(Print(m)) == m and
/// Print(Parse(Print(m))) == Print(m). Two spaces per nesting level, one instruction per line, ends with '\n'.</summary>
public static class IrPrinter
{
    /// <summary>Kernels one after another, separated by a blank line.</summary>
    public static string Print(Module m) => string.Join("\n", m.Kernels.Select(Print));

    public static string Print(Kernel k)
    {
        var sb = new StringBuilder();
        sb.Append("kernel @").Append(k.Name).Append('(')
          .Append(string.Join(", ", k.Params.Select(p => $"%{p.Name}: {p.Type}"))).Append(") -> (")
          .Append(string.Join(", ", k.Outputs.Select(o => $"{o.Name}: {o.Type}"))).Append(')');
        if (!k.Dims.IsEmpty) sb.Append("\n    dims ").Append(string.Join(", ", k.Dims));
        if (!k.Constraints.IsEmpty) sb.Append("\n    where ").Append(string.Join(", ", k.Constraints.Select(c => c.ToString())));
        sb.Append(" {\n");
        foreach (var i in k.Body) PrintInstr(sb, i, 1);
        sb.Append("  return");
        if (!k.Returns.IsEmpty) sb.Append(' ').Append(string.Join(", ", k.Returns.Select(r => "%" + r.Name)));
        sb.Append("\n}\n");
        return sb.ToString();
    }

    private static void Indent(StringBuilder sb, int level) => sb.Append(' ', 2 * level);

    private static void PrintInstr(StringBuilder sb, Instr i, int level)
    {
        Indent(sb, level);
        sb.Append(string.Join(", ", i.Results.Select(r => $"%{r.Name}: {r.Type}"))).Append(" = ").Append(OpWord(i));
        switch (i.Op)
        {
            case Opcode.Const:
                sb.Append(' ').Append(FormatNumber(i.Attrs.Number));
                break;
            case Opcode.DimValue:
                sb.Append(' ').Append(i.Attrs.DimName);
                break;
            case Opcode.Load:
                sb.Append(' ').Append(Arg(i, 0)).Append('[')
                  .Append(string.Join(", ", i.Args.Items.Skip(1).Select(a => "%" + a.Name))).Append(']');
                break;
            case Opcode.For:
                PrintFor(sb, i, level);
                break;
            case Opcode.Compute or Opcode.Reduce or Opcode.Parallel:
                sb.Append(" [").Append(string.Join(", ", (i.Body?.Indices ?? EqArray<IndexVar>.Empty).Select(iv => iv.ToString())))
                  .Append("] {\n");
                if (i.Body is { } r)
                {
                    foreach (var inner in r.Body) PrintInstr(sb, inner, level + 1);
                    Indent(sb, level + 1);
                    sb.Append("yield %").Append(r.Yield.Name).Append('\n');
                }
                Indent(sb, level);
                sb.Append('}');
                break;
            default:
                if (!i.Args.IsEmpty) sb.Append(' ').Append(string.Join(", ", i.Args.Select(a => "%" + a.Name)));
                break;
        }
        sb.Append('\n');
    }

    /// <summary>for %kb &lt; %bound step 64 carry (%c0 = %init0, ...) { body; next %n0, ... }</summary>
    private static void PrintFor(StringBuilder sb, Instr i, int level)
    {
        var loop = i.Loop;
        sb.Append(' ').Append(loop is null ? "%?" : "%" + loop.Index.Name).Append(" < ").Append(Arg(i, 0))
          .Append(" step ").Append(loop?.Step.ToString(CultureInfo.InvariantCulture) ?? "?").Append(" carry (");
        var carried = loop?.Carried ?? EqArray<Value>.Empty;
        sb.Append(string.Join(", ", carried.Select((c, k) => $"%{c.Name} = {Arg(i, k + 1)}"))).Append(") {\n");
        if (loop is not null)
        {
            foreach (var inner in loop.Body) PrintInstr(sb, inner, level + 1);
            Indent(sb, level + 1);
            sb.Append("next ").Append(string.Join(", ", loop.Next.Select(n => "%" + n.Name))).Append('\n');
        }
        Indent(sb, level);
        sb.Append('}');
    }

    private static string Arg(Instr i, int k) => k < i.Args.Count ? "%" + i.Args[k].Name : "%?";

    /// <summary>The mnemonic with its attribute: cast.rn, cmp.le, reduce.sum, dim, const, ...</summary>
    public static string OpWord(Instr i) => i.Op switch
    {
        Opcode.Cast => "cast." + i.Attrs.Rounding.Suffix(),
        Opcode.Cmp => "cmp." + i.Attrs.Pred.Name(),
        Opcode.Reduce => "reduce." + i.Attrs.Reduction.Name(),
        _ => i.Op.Mnemonic(),
    };

    /// <summary>Shortest round-trip form; inf, -inf, nan, and -0 for negative zero.</summary>
    public static string FormatNumber(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (v == 0 && BitConverter.DoubleToInt64Bits(v) < 0) return "-0";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
