using System.Text.Json;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Program;

/// <summary>The strict schema walk of <see cref="PtxProgramJson.Read"/>: every object has exactly its documented
/// fields; names are identifiers; params name buffers of the program or dims used by it; formulas are well formed
/// over those dims; sizes are within CUDA's limits (block ≤ 1024 threads, dynamic shared memory ≤ 227 KiB).</summary>
internal static class PtxProgramSchema
{
    public const int MaxThreadsPerBlock = 1024;
    public const int MaxDynamicShared = 227 * 1024;

    public static PtxProgram Parse(JsonElement root, string ptxText)
    {
        var o = Fields(root, "the program", ["format", "kernel", "ptx_sha256", "buffers", "launches"]);
        if (Str(o, "format") != PtxProgramJson.Format) throw new SchemaError($"format must be \"{PtxProgramJson.Format}\"");
        var kernel = Name(o, "kernel");
        if (Str(o, "ptx_sha256") != PtxProgramJson.Sha256(ptxText))
            throw new SchemaError("ptx_sha256 is not the SHA-256 of the PTX text");

        var buffers = new List<PtxBuffer>();
        var dims = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Array(o, "buffers", 1000))
        {
            var f = Fields(e, "a buffer", ["name", "kind", "dtype", "shape"]);
            var name = Name(f, "name");
            if (buffers.Any(b => b.Name == name)) throw new SchemaError($"buffer '{name}' appears twice");
            var kind = Str(f, "kind") switch
            {
                "input" => PtxBufferKind.Input, "output" => PtxBufferKind.Output, "scratch" => PtxBufferKind.Scratch,
                var k => throw new SchemaError($"buffer kind '{k}' is not input, output or scratch"),
            };
            if (!DTypes.TryParse(Str(f, "dtype"), out var dt) || !dt.IsStorable()) throw new SchemaError($"buffer '{name}' has no storable dtype");
            var shape = new List<Dim>();
            foreach (var s in Array(f, "shape", 8))
            {
                if (s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var c) && c >= 1) shape.Add(Dim.Of(c));
                else if (s.ValueKind == JsonValueKind.String && IsIdent(s.GetString()!)) { shape.Add(Dim.Of(s.GetString()!)); dims.Add(s.GetString()!); }
                else throw new SchemaError($"buffer '{name}': a shape entry is a positive integer or a dim name");
            }
            buffers.Add(new PtxBuffer(name, kind, dt, shape.ToEqArray()));
        }

        var launches = new List<PtxLaunch>();
        foreach (var e in Array(o, "launches", 1000))
        {
            var f = Fields(e, "a launch", ["entry", "params", "grid", "block", "dynamic_shared_bytes", "report"]);
            var entry = Name(f, "entry");
            var ps = new List<PtxLaunchParam>();
            foreach (var pe in Array(f, "params", 256))
            {
                var pf = Fields(pe, "a param", ["name", "kind"]);
                var pn = Name(pf, "name");
                var pk = Str(pf, "kind") switch
                {
                    "buffer" => PtxParamKind.Buffer, "dim" => PtxParamKind.Dim,
                    var k => throw new SchemaError($"param kind '{k}' is not buffer or dim"),
                };
                if (pk == PtxParamKind.Buffer && buffers.All(b => b.Name != pn)) throw new SchemaError($"launch {entry}: param '{pn}' names no buffer");
                if (pk == PtxParamKind.Dim) dims.Add(pn);
                ps.Add(new PtxLaunchParam(pn, pk));
            }
            var grid = Array(f, "grid", 3).Select(g => Extent(g, dims)).ToList();
            if (grid.Count != 3) throw new SchemaError($"launch {entry}: grid has three extents");
            var block = Array(f, "block", 3).Select(b => b.ValueKind == JsonValueKind.Number && b.TryGetInt32(out var v) && v >= 1 && v <= MaxThreadsPerBlock ? v
                : throw new SchemaError($"launch {entry}: a block extent is an integer in [1, {MaxThreadsPerBlock}]")).ToList();
            if (block.Count != 3 || (long)block[0] * block[1] * block[2] > MaxThreadsPerBlock)
                throw new SchemaError($"launch {entry}: block has three extents with at most {MaxThreadsPerBlock} threads");
            var dyn = (int)Int(f, "dynamic_shared_bytes", 0, MaxDynamicShared);
            var r = Fields(f["report"], "a report", ["registers", "shared_bytes", "threads_per_block", "flops", "global_bytes"]);
            var report = new KernelReport((int)Int(r, "registers", 0, 1 << 20), Int(r, "shared_bytes", 0, MaxDynamicShared),
                (int)Int(r, "threads_per_block", 1, MaxThreadsPerBlock), Str(r, "flops"), Str(r, "global_bytes"));
            foreach (var formula in new[] { report.FlopsFormula, report.GlobalBytesFormula })
                if (!Formula.IsWellFormed(formula, dims)) throw new SchemaError($"launch {entry}: '{formula}' is not a formula over the program's dims");
            launches.Add(new PtxLaunch(entry, ps.ToEqArray(), grid[0], grid[1], grid[2], block[0], block[1], block[2], dyn, report));
        }
        return new PtxProgram(kernel, ptxText, buffers.ToEqArray(), launches.ToEqArray());
    }

    private static LaunchExtent Extent(JsonElement e, HashSet<string> dims)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("constant", out _))
        {
            var f = Fields(e, "a grid extent", ["constant"]);
            return LaunchExtent.Of(Int(f, "constant", 1, int.MaxValue));
        }
        var g = Fields(e, "a grid extent", ["dim", "divisor"]);
        var dim = Name(g, "dim");
        if (!dims.Contains(dim)) throw new SchemaError($"grid extent names dim '{dim}', which no buffer or param uses");
        return LaunchExtent.CeilDiv(dim, Int(g, "divisor", 1, int.MaxValue));
    }

    private static bool IsIdent(string s) => s.Length is > 0 and <= 128 && (char.IsAsciiLetter(s[0]) || s[0] == '_')
        && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Name(Dictionary<string, JsonElement> o, string field)
    {
        var s = Str(o, field);
        return IsIdent(s) ? s : throw new SchemaError($"field '{field}' must be an identifier");
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement e, string what, string[] required)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new SchemaError($"{what} must be a JSON object");
        var d = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!required.Contains(p.Name)) throw new SchemaError($"unknown field '{p.Name}' in {what}");
            if (!d.TryAdd(p.Name, p.Value)) throw new SchemaError($"field '{p.Name}' appears twice in {what}");
        }
        foreach (var r in required)
            if (!d.ContainsKey(r)) throw new SchemaError($"missing field '{r}' in {what}");
        return d;
    }

    private static string Str(Dictionary<string, JsonElement> o, string name) =>
        o[name].ValueKind == JsonValueKind.String ? o[name].GetString()! : throw new SchemaError($"field '{name}' must be a string");

    private static long Int(Dictionary<string, JsonElement> o, string name, long min, long max) =>
        o[name].ValueKind == JsonValueKind.Number && o[name].TryGetInt64(out var v) && v >= min && v <= max ? v
            : throw new SchemaError($"field '{name}' must be an integer in [{min}, {max}]");

    private static IEnumerable<JsonElement> Array(Dictionary<string, JsonElement> o, string name, int max)
    {
        var a = o[name];
        if (a.ValueKind != JsonValueKind.Array) throw new SchemaError($"field '{name}' must be an array");
        if (a.GetArrayLength() > max) throw new SchemaError($"field '{name}' has more than {max} entries");
        return a.EnumerateArray();
    }

    /// <summary>Internal control flow of the schema walk only; always turned into a KC0803 diagnostic.</summary>
    internal sealed class SchemaError(string message) : Exception(message);
}
