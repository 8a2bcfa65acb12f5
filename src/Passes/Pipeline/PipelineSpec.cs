using System.Text;

namespace KernelC.Passes;

/// <summary>One pass in a pipeline: a name and its arguments as written ("tile(64, 64)" → tile, [64, 64]).</summary>
public sealed record PassSpec(string Name, KernelC.IR.EqArray<string> Args)
{
    public override string ToString() => Args.IsEmpty ? Name : $"{Name}({string.Join(",", Args)})";

    /// <summary>The argument at <paramref name="index"/> as a positive integer, if it is one.</summary>
    public long? IntArg(int index) =>
        index < Args.Count && long.TryParse(Args[index], System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}

/// <summary>A pipeline is data: "fuse,flash(64,64),tile(64),quantize(f16)". Printing gives the canonical text,
/// and parse(print(p)) == p.</summary>
public sealed record PipelineSpec(KernelC.IR.EqArray<PassSpec> Passes)
{
    public static readonly PipelineSpec Empty = new(KernelC.IR.EqArray<PassSpec>.Empty);

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Passes.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Passes[i]);
        }
        return sb.ToString();
    }
}
