using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>The program must run exactly the IR kernel's interface: one input buffer per parameter and one output
/// buffer per output, same name, dtype and shape (the same dims); any other buffer is scratch; every launch param
/// names a buffer or a dim of the kernel; every entry exists in the PTX module and takes as many params. A program
/// that reads another input, or writes its result anywhere but the outputs, is rejected before any execution.</summary>
public static class LoweringInterface
{
    public static string? Check(Kernel k, LoweringProgram p, Backend.Ptx.Model.PtxModule module)
    {
        if (p.Kernel != k.Name) return $"the program is for kernel '{p.Kernel}', the IR kernel is @{k.Name}";
        foreach (var (value, kind) in k.Params.Select(v => (v, LoweringBufferKind.Input)).Concat(k.Outputs.Select(v => (v, LoweringBufferKind.Output))))
        {
            var b = p.Buffers.FirstOrDefault(x => x.Name == value.Name);
            if (b is null) return $"the program has no buffer for {kind.ToString().ToLowerInvariant()} {value.Name}";
            if (b.Kind != kind) return $"buffer {b.Name} is {b.Kind.ToString().ToLowerInvariant()}, the IR makes it an {kind.ToString().ToLowerInvariant()}";
            if (b.ElementType != value.DType) return $"buffer {b.Name} holds {b.ElementType.Name()}, the IR's {value.Name} is {value.DType.Name()}";
            if (!b.Shape.SequenceEqual(value.Type.Shape)) return $"buffer {b.Name} has shape [{string.Join(", ", b.Shape)}], the IR's is [{string.Join(", ", value.Type.Shape)}]";
        }
        foreach (var b in p.Buffers)
        {
            bool isInterface = k.Params.Any(v => v.Name == b.Name) || k.Outputs.Any(v => v.Name == b.Name);
            if (!isInterface && b.Kind != LoweringBufferKind.Scratch) return $"buffer {b.Name} is an {b.Kind.ToString().ToLowerInvariant()} the IR kernel does not have";
            foreach (var d in b.Shape.OfType<Dim.Sym>())
                if (!k.Dims.Contains(d.Name)) return $"buffer {b.Name} uses the unknown dim {d.Name}";
        }
        if (p.Launches.Count == 0) return "the program has no launch";
        foreach (var l in p.Launches)
        {
            var e = module.FindEntry(l.Entry);
            if (e is null) return $"launch {l.Entry}: the PTX has no .entry {l.Entry}";
            if (e.Params.Count != l.Params.Count) return $"launch {l.Entry}: the entry takes {e.Params.Count} params, the program passes {l.Params.Count}";
            foreach (var a in l.Params)
            {
                if (a.IsDim && !k.Dims.Contains(a.Name)) return $"launch {l.Entry}: param {a.Name} is not a dim of @{k.Name}";
                if (!a.IsDim && p.Buffers.All(b => b.Name != a.Name)) return $"launch {l.Entry}: param {a.Name} names no buffer";
            }
            foreach (var g in new[] { l.GridX, l.GridY, l.GridZ })
                if (g.Dim is { } gd && !k.Dims.Contains(gd)) return $"launch {l.Entry}: the grid uses the unknown dim {gd}";
        }
        return null;
    }
}
