using System.Globalization;
using System.Text;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>Accumulates the body of one .entry: virtual registers per class (numbered from 1 in order of
/// allocation, so the text is deterministic), instructions, labels and the entry's shared arrays. Shared arrays are
/// static `.shared` arrays while they fit 48 KiB per block; beyond that they are laid out (16-byte aligned, in
/// allocation order) in the launch's dynamic shared memory, one `.extern .shared` array per entry, up to
/// <paramref name="maxSharedBytes"/> (the target's opt-in limit).</summary>
internal sealed class PtxEntryBuilder(string entryName, long maxSharedBytes)
{
    public const long StaticSharedLimit = 48 * 1024;
    private const string SharedAddressMark = "\u0001smem ";

    private readonly int[] _counts = new int[5];
    private readonly List<string> _lines = [];
    private readonly List<(string Name, long Bytes)> _shared = [];
    private int _labels;

    public string EntryName { get; } = entryName;

    public string Reg(PtxRegClass c) => $"%{Prefix(c)}{++_counts[(int)c]}";

    public void Op(string instruction) => _lines.Add("\t" + instruction + ";");

    public void Comment(string text) => _lines.Add("\t// " + text);

    public string NewLabel(string hint) => $"$L_{hint}_{++_labels}";

    public void Place(string label) => _lines.Add(label + ":");

    /// <summary>A static shared array of the entry (16-byte aligned); returns its symbol.</summary>
    public string Shared(string hint, long bytes)
    {
        var name = $"{EntryName}_sm_{hint}";
        if (_shared.Any(s => s.Name == name)) name += "_" + _shared.Count.ToString(CultureInfo.InvariantCulture);
        _shared.Add((name, bytes));
        return name;
    }

    public long SharedBytes => _shared.Sum(s => Padded(s.Bytes));

    public long MaxSharedBytes => maxSharedBytes;

    /// <summary>Whether the arrays live in dynamic shared memory (more than 48 KiB in all).</summary>
    public bool UsesDynamicShared => SharedBytes > StaticSharedLimit;

    /// <summary>The launch's dynamic shared memory bytes (0 when the arrays are static).</summary>
    public int DynamicSharedBytes => UsesDynamicShared ? checked((int)SharedBytes) : 0;

    /// <summary>reg = the shared-window address of array <paramref name="symbol"/> (resolved when rendered: the
    /// symbol itself, or the dynamic array plus the array's offset).</summary>
    public void SharedAddress(string reg, string symbol) => _lines.Add(SharedAddressMark + reg + " " + symbol);

    private static long Padded(long bytes) => (Math.Max(16, bytes) + 15) / 16 * 16;

    private string DynamicSymbol => EntryName + "_dyn";

    /// <summary>Declared virtual registers of all classes (the report's register count).</summary>
    public int Registers => _counts.Sum();

    public string Render(IReadOnlyList<(string Name, string Type)> parameters)
    {
        var sb = new StringBuilder();
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var (name, bytes) in _shared) { offsets[name] = offset; offset += Padded(bytes); }
        if (UsesDynamicShared)
            sb.Append(CultureInfo.InvariantCulture, $".extern .shared .align 16 .b8 {DynamicSymbol}[];\n");
        else
            foreach (var (name, bytes) in _shared)
                sb.Append(CultureInfo.InvariantCulture, $".shared .align 16 .b8 {name}[{Padded(bytes)}];\n");
        if (_shared.Count > 0) sb.Append('\n');
        sb.Append(".visible .entry ").Append(EntryName).Append("(\n");
        for (int i = 0; i < parameters.Count; i++)
            sb.Append("\t.param .").Append(parameters[i].Type).Append(' ').Append(parameters[i].Name)
                .Append(i + 1 < parameters.Count ? ",\n" : "\n");
        sb.Append(")\n{\n");
        foreach (PtxRegClass c in Enum.GetValues<PtxRegClass>())
            if (_counts[(int)c] > 0)
                sb.Append(CultureInfo.InvariantCulture, $"\t.reg .{TypeName(c)} %{Prefix(c)}<{_counts[(int)c] + 1}>;\n");
        sb.Append('\n');
        foreach (var l in _lines)
        {
            if (!l.StartsWith(SharedAddressMark, StringComparison.Ordinal)) { sb.Append(l).Append('\n'); continue; }
            var parts = l[SharedAddressMark.Length..].Split(' ');
            if (!UsesDynamicShared) sb.Append(CultureInfo.InvariantCulture, $"\tmov.u32 {parts[0]}, {parts[1]};\n");
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\tmov.u32 {parts[0]}, {DynamicSymbol};\n");
                if (offsets[parts[1]] != 0) sb.Append(CultureInfo.InvariantCulture, $"\tadd.s32 {parts[0]}, {parts[0]}, {offsets[parts[1]]};\n");
            }
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Prefix(PtxRegClass c) => c switch
    {
        PtxRegClass.Pred => "p", PtxRegClass.B16 => "h", PtxRegClass.B32 => "r", PtxRegClass.F32 => "f",
        PtxRegClass.B64 => "rd", _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    private static string TypeName(PtxRegClass c) => c switch
    {
        PtxRegClass.Pred => "pred", PtxRegClass.B16 => "b16", PtxRegClass.B32 => "b32", PtxRegClass.F32 => "f32",
        PtxRegClass.B64 => "b64", _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };
}
