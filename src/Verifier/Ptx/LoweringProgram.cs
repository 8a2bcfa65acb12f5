using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>The checker's OWN reading of a KERNEL.program.json (format "kernelc-ptx-program/1", written by the
/// backend): the buffers and the ordered launches the runtime will perform. The checker never uses the backend's
/// types (the backend is untrusted); it reads the fields the runtime acts on — kernel, ptx_sha256, buffers (name,
/// kind, dtype, shape), launches (entry, params, grid, block, dynamic_shared_bytes) — strictly, and skips each
/// launch's "report" (cost estimates: nothing is executed from them). Every problem is a rejection message.</summary>
public sealed record LoweringProgram(string Kernel, string PtxSha256, EqArray<LoweringBuffer> Buffers, EqArray<LoweringLaunch> Launches)
{
    public const string Format = "kernelc-ptx-program/1";

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static (LoweringProgram? Program, string? Error) Read(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > 1 << 20) return (null, "the program file is larger than 1 MiB");
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            return (Parse(doc.RootElement), null);
        }
        catch (JsonException e) { return (null, "the program file is not valid JSON: " + e.Message); }
        catch (FormatException e) { return (null, "program file: " + e.Message); }
    }

    private static LoweringProgram Parse(JsonElement root)
    {
        var o = Fields(root, "the program", ["format", "kernel", "ptx_sha256", "buffers", "launches"]);
        if (Str(o, "format") != Format) throw new FormatException($"format must be \"{Format}\"");
        var buffers = new List<LoweringBuffer>();
        foreach (var e in Arr(o, "buffers"))
        {
            var f = Fields(e, "a buffer", ["name", "kind", "dtype", "shape"]);
            var name = Str(f, "name");
            if (buffers.Any(b => b.Name == name)) throw new FormatException($"buffer '{name}' appears twice");
            var kind = Str(f, "kind") switch
            {
                "input" => LoweringBufferKind.Input, "output" => LoweringBufferKind.Output, "scratch" => LoweringBufferKind.Scratch,
                var k => throw new FormatException($"buffer kind '{k}'"),
            };
            if (!DTypes.TryParse(Str(f, "dtype"), out var dt) || !dt.IsStorable()) throw new FormatException($"buffer '{name}': dtype");
            var shape = Arr(f, "shape").Select(s =>
                s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var c) && c >= 1 ? Dim.Of(c)
                : s.ValueKind == JsonValueKind.String ? Dim.Of(s.GetString()!)
                : throw new FormatException($"buffer '{name}': a shape entry is a positive integer or a dim name")).ToEqArray();
            buffers.Add(new LoweringBuffer(name, kind, dt, shape));
        }
        var launches = new List<LoweringLaunch>();
        foreach (var e in Arr(o, "launches"))
        {
            var f = Fields(e, "a launch", ["entry", "params", "grid", "block", "dynamic_shared_bytes", "report"]);
            var entry = Str(f, "entry");
            var ps = Arr(f, "params").Select(p =>
            {
                var pf = Fields(p, "a param", ["name", "kind"]);
                return new LoweringParam(Str(pf, "name"), Str(pf, "kind") switch
                {
                    "buffer" => false, "dim" => true, var k => throw new FormatException($"param kind '{k}'"),
                });
            }).ToEqArray();
            var grid = Arr(f, "grid").Select(g =>
            {
                if (g.ValueKind == JsonValueKind.Object && g.TryGetProperty("constant", out _))
                    return new LoweringExtent(null, 1, Int(Fields(g, "a grid extent", ["constant"]), "constant", 1, int.MaxValue));
                var gf = Fields(g, "a grid extent", ["dim", "divisor"]);
                return new LoweringExtent(Str(gf, "dim"), Int(gf, "divisor", 1, int.MaxValue), 0);
            }).ToList();
            var block = Arr(f, "block").Select(b => b.ValueKind == JsonValueKind.Number && b.TryGetInt32(out var v) && v is >= 1 and <= 1024 ? v
                : throw new FormatException($"launch {entry}: a block extent is an integer in [1, 1024]")).ToList();
            if (grid.Count != 3 || block.Count != 3) throw new FormatException($"launch {entry}: grid and block have three extents");
            launches.Add(new LoweringLaunch(entry, ps, grid[0], grid[1], grid[2], block[0], block[1], block[2],
                (int)Int(f, "dynamic_shared_bytes", 0, 227 * 1024)));
        }
        return new LoweringProgram(Str(o, "kernel"), Str(o, "ptx_sha256"), buffers.ToEqArray(), launches.ToEqArray());
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement e, string what, string[] fields)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{what} must be a JSON object");
        var d = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!fields.Contains(p.Name)) throw new FormatException($"unknown field '{p.Name}' in {what}");
            if (!d.TryAdd(p.Name, p.Value)) throw new FormatException($"field '{p.Name}' appears twice in {what}");
        }
        foreach (var r in fields)
            if (!d.ContainsKey(r)) throw new FormatException($"missing field '{r}' in {what}");
        return d;
    }

    private static string Str(Dictionary<string, JsonElement> o, string name) =>
        o[name].ValueKind == JsonValueKind.String ? o[name].GetString()! : throw new FormatException($"field '{name}' must be a string");

    private static long Int(Dictionary<string, JsonElement> o, string name, long min, long max) =>
        o[name].ValueKind == JsonValueKind.Number && o[name].TryGetInt64(out var v) && v >= min && v <= max ? v
            : throw new FormatException($"field '{name}' must be an integer in [{min}, {max}]");

    private static List<JsonElement> Arr(Dictionary<string, JsonElement> o, string name) =>
        o[name].ValueKind == JsonValueKind.Array && o[name].GetArrayLength() <= 1000 ? o[name].EnumerateArray().ToList()
            : throw new FormatException($"field '{name}' must be an array of at most 1000 entries");
}

public enum LoweringBufferKind { Input, Output, Scratch }

/// <summary>A dense row-major global buffer of the program.</summary>
public sealed record LoweringBuffer(string Name, LoweringBufferKind Kind, DType ElementType, EqArray<Dim> Shape);

/// <summary>An entry parameter: a buffer's base address (.u64) or a dim's value (.u32).</summary>
public sealed record LoweringParam(string Name, bool IsDim);

/// <summary>A grid extent: Constant when Dim is null, else ceil(dims[Dim] / Divisor).</summary>
public sealed record LoweringExtent(string? Dim, long Divisor, long Constant)
{
    public long Evaluate(IReadOnlyDictionary<string, long> dims) =>
        Dim is null ? Constant : (dims.TryGetValue(Dim, out var v) ? v : throw new FormatException($"grid names the unknown dim '{Dim}'")) is var x
            ? (x + Divisor - 1) / Divisor : 0;
}

/// <summary>One launch of an entry with its params, grid, block and dynamic shared memory.</summary>
public sealed record LoweringLaunch(string Entry, EqArray<LoweringParam> Params, LoweringExtent GridX, LoweringExtent GridY,
    LoweringExtent GridZ, int BlockX, int BlockY, int BlockZ, int DynamicSharedBytes);
