using System.Text;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>IR kernel → one PTX module and its launch program: one .entry per top-level IR instruction, in order
/// (compute: a thread per element, or a warp per 16×8 tile with mma.sync for an f16/bf16 matmul; parallel: a thread
/// block per tile). Buffers: the kernel's params (inputs), its
/// outputs (named as the outputs), and every other top-level tensor (scratch, named as the value). Each entry takes
/// the buffers it loads, then the buffer it writes, then every dim of the kernel (.u32). The text depends only on
/// the kernel and the target (deterministic).</summary>
public static class PtxEmitter
{
    /// <summary>Null (diagnostics KC08xx) for an unsupported (op, type) or IR shape.</summary>
    public static PtxProgram? Emit(Kernel kernel, PtxTarget target, DiagnosticBag diagnostics, PtxEmitOptions? options = null)
    {
        var file = "@" + kernel.Name;
        if (PtxTarget.Parse(target.Sm) is null)
        {
            diagnostics.Error(PtxDiagnosticIds.UnknownTarget, file, $"unknown target {target.Sm} (known: {string.Join(", ", PtxTarget.Known)})");
            return null;
        }
        try { return EmitKernel(kernel, target, options ?? PtxEmitOptions.Default); }
        catch (EmitFailure f)
        {
            diagnostics.Error(f.Id, file, $"kernel @{kernel.Name}: {f.Message}");
            return null;
        }
    }

    private static PtxProgram EmitKernel(Kernel kernel, PtxTarget target, PtxEmitOptions options)
    {
        var prefix = char.IsAsciiLetter(kernel.Name[0]) ? kernel.Name : "k_" + kernel.Name;
        var byValue = new Dictionary<string, (Value Value, PtxBuffer Buffer)>(StringComparer.Ordinal);
        var buffers = new List<PtxBuffer>();
        void AddBuffer(Value v, PtxBuffer buf)
        {
            if (buffers.Any(b => b.Name == buf.Name))
                throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"two buffers would be named '{buf.Name}'");
            buffers.Add(buf);
            byValue[v.Name] = (v, buf);
        }
        foreach (var p in kernel.Params)
            AddBuffer(p, new PtxBuffer(BufferName(p.Name), PtxBufferKind.Input, p.DType, p.Type.Shape));
        for (int i = 0; i < kernel.Returns.Count; i++)
        {
            var r = kernel.Returns[i];
            if (kernel.Returns.Take(i).Any(x => x.Name == r.Name) || !kernel.Body.Any(t => t.Result.Name == r.Name))
                throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                    $"output {kernel.Outputs[i].Name} returns %{r.Name}, which is a parameter or another output's value (no launch would write it)");
        }
        foreach (var top in kernel.Body)
        {
            int o = kernel.Returns.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Name == top.Result.Name, (null!, -1)).Item2;
            var buf = o >= 0
                ? new PtxBuffer(kernel.Outputs[o].Name, PtxBufferKind.Output, top.Result.DType, top.Result.Type.Shape)
                : new PtxBuffer(BufferName(top.Result.Name), PtxBufferKind.Scratch, top.Result.DType, top.Result.Type.Shape);
            AddBuffer(top.Result, buf);
        }

        var text = new StringBuilder();
        text.Append("//\n// kernelc: PTX for kernel @").Append(kernel.Name).Append(" (generated, deterministic)\n//\n\n");
        text.Append(".version ").Append(target.Version).Append('\n');
        text.Append(".target ").Append(target.Sm).Append('\n');
        text.Append(".address_size 64\n");
        var launches = new List<PtxLaunch>();
        foreach (var top in kernel.Body)
        {
            if (top.Op is not (Opcode.Compute or Opcode.Parallel))
                throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"%{top.Result.Name}: top-level {top.Op.Mnemonic()} (only compute and parallel)");
            var used = LoadedTensors(top).Where(byValue.ContainsKey).Where(n => n != top.Result.Name).ToHashSet(StringComparer.Ordinal);
            var own = byValue[top.Result.Name].Buffer;
            var entryBuffers = buffers.Where(b => b != own)
                .Select(b => byValue.Values.First(x => ReferenceEquals(x.Buffer, b)))
                .Where(x => used.Contains(x.Value.Name)).Append(byValue[top.Result.Name]).ToList();
            var emitted = options.TensorCores && MmaMatmulPattern.Match(top) is { } mm
                ? MmaMatmulEmitter.Emit(kernel, top, mm, $"{prefix}_{own.Name}", entryBuffers, own, target)
                : EntryEmitter.Emit(kernel, top, $"{prefix}_{own.Name}", entryBuffers, own, target);
            text.Append('\n').Append(emitted.Text);
            launches.Add(emitted.Launch);
        }
        return new PtxProgram(kernel.Name, text.ToString(), buffers.ToEqArray(), launches.ToEqArray());
    }

    /// <summary>A buffer name is an identifier: value names may start with a digit, so those get a '_' in front.</summary>
    private static string BufferName(string valueName) =>
        char.IsAsciiLetter(valueName[0]) || valueName[0] == '_' ? valueName : "_" + valueName;

    /// <summary>Names of every tensor loaded anywhere inside an instruction (regions and loop bodies).</summary>
    private static IEnumerable<string> LoadedTensors(Instr i)
    {
        if (i.Op == Opcode.Load) yield return i.Args[0].Name;
        if (i.Body is { } r)
            foreach (var b in r.Body)
                foreach (var n in LoadedTensors(b)) yield return n;
        if (i.Loop is { } l)
            foreach (var b in l.Body)
                foreach (var n in LoadedTensors(b)) yield return n;
    }
}
