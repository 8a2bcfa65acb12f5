using System.Collections.Immutable;
using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Runtime.Devices;

/// <summary>What both devices need before touching memory: each buffer's byte size, the input bytes, and each
/// launch's configuration and argument list as functions of the buffers' addresses. Checks (error messages, no
/// exceptions): every Input buffer has a tensor of its name, dtype and shape; every dim a launch or shape uses has
/// a value that fits the .u32 parameter ABI; every launch's grid and block are positive.</summary>
internal sealed class ProgramPlan
{
    private ProgramPlan(PtxProgram program, IReadOnlyDictionary<string, long> dims, long[] bytes, byte[]?[] inputBytes,
        LaunchConfig[] configs)
    {
        Program = program;
        Dims = dims;
        Bytes = bytes;
        InputBytes = inputBytes;
        Configs = configs;
    }

    public PtxProgram Program { get; }
    public IReadOnlyDictionary<string, long> Dims { get; }
    /// <summary>Bytes of buffer i (Program.Buffers order).</summary>
    public long[] Bytes { get; }
    /// <summary>The encoded tensor of buffer i when it is an Input, else null (outputs and scratch start zeroed).</summary>
    public byte[]?[] InputBytes { get; }
    public LaunchConfig[] Configs { get; }

    public static ProgramPlan? Create(PtxProgram program, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyDictionary<string, long> dims, out string? error)
    {
        error = null;
        var bytes = new long[program.Buffers.Count];
        var inputBytes = new byte[]?[program.Buffers.Count];
        for (int i = 0; i < program.Buffers.Count; i++)
        {
            var b = program.Buffers[i];
            var missing = b.Shape.OfType<Dim.Sym>().FirstOrDefault(s => !dims.ContainsKey(s.Name));
            if (missing is not null) { error = $"buffer {b.Name}: no value for dimension {missing.Name}"; return null; }
            var shape = b.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            if (!Tensor.TryElementCount(shape, out var count)) { error = $"buffer {b.Name} [{string.Join(", ", shape)}] is too large"; return null; }
            bytes[i] = count * b.ElementType.ByteSize();
            if (b.Kind != PtxBufferKind.Input) continue;
            if (!inputs.TryGetValue(b.Name, out var t)) { error = $"no input tensor named {b.Name}"; return null; }
            if (t.DType != b.ElementType || !t.Shape.SequenceEqual(shape))
            {
                error = $"input {b.Name} is {t.DType.Name()}{t.ShapeString} but the program expects {b.ElementType.Name()}[{string.Join(", ", shape)}]";
                return null;
            }
            var data = new byte[bytes[i]];
            ElementCodec.Encode(t.DType, t.Data, data);
            inputBytes[i] = data;
        }
        var configs = new LaunchConfig[program.Launches.Count];
        for (int i = 0; i < program.Launches.Count; i++)
        {
            var l = program.Launches[i];
            foreach (var p in l.Params)
            {
                if (p.Kind == PtxParamKind.Buffer && program.FindBuffer(p.Name) is null) { error = $"launch {i} ({l.Entry}): no buffer {p.Name}"; return null; }
                if (p.Kind == PtxParamKind.Dim && (!dims.TryGetValue(p.Name, out var v) || v < 0 || v > uint.MaxValue))
                {
                    error = $"launch {i} ({l.Entry}): dimension {p.Name} has no value or does not fit the .u32 parameter";
                    return null;
                }
            }
            try { configs[i] = l.Resolve(dims); }
            catch (Exception e) when (e is KeyNotFoundException or OverflowException)
            {
                error = $"launch {i} ({l.Entry}): grid: {e.Message}";
                return null;
            }
            var c = configs[i];
            if (c.GridX < 1 || c.GridY < 1 || c.GridZ < 1 || c.BlockX < 1 || c.BlockY < 1 || c.BlockZ < 1)
            {
                error = $"launch {i} ({l.Entry}): empty grid or block ({c.GridX},{c.GridY},{c.GridZ}) x ({c.BlockX},{c.BlockY},{c.BlockZ})";
                return null;
            }
        }
        return new ProgramPlan(program, dims, bytes, inputBytes, configs);
    }

    /// <summary>Launch <paramref name="index"/>'s arguments in .param order: a Buffer is its .u64 address in
    /// <paramref name="addresses"/> (Program.Buffers order), a Dim its .u32 value.</summary>
    public List<PtxArg> Arguments(int index, IReadOnlyList<ulong> addresses)
    {
        var args = new List<PtxArg>();
        foreach (var p in Program.Launches[index].Params)
            args.Add(p.Kind == PtxParamKind.Buffer
                ? new PtxArg.U64(addresses[IndexOf(p.Name)])
                : new PtxArg.U32((uint)Dims[p.Name]));
        return args;
    }

    private int IndexOf(string buffer)
    {
        for (int i = 0; i < Program.Buffers.Count; i++)
            if (Program.Buffers[i].Name == buffer) return i;
        throw new InvalidOperationException($"no buffer {buffer} (checked by Create)");
    }

    /// <summary>The Output buffers decoded from their bytes (<paramref name="read"/>(i) gives buffer i's bytes).</summary>
    public Dictionary<string, Tensor> Outputs(Func<int, byte[]> read)
    {
        var outs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < Program.Buffers.Count; i++)
        {
            var b = Program.Buffers[i];
            if (b.Kind != PtxBufferKind.Output) continue;
            var shape = b.Shape.Select(d => d.Evaluate(Dims)).ToImmutableArray();
            var data = new double[Tensor.ElementCount(shape)];
            ElementCodec.Decode(b.ElementType, read(i), data);
            outs[b.Name] = new Tensor(b.ElementType, shape, data);
        }
        return outs;
    }
}
