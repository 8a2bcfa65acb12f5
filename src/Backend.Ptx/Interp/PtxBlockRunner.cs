using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>Executes thread blocks of an entry over any domain: the concrete interpreter uses it with
/// <see cref="ConcretePtxDomain"/>; a symbolic executor (the lowering proof) with its own domain and global memory.
/// Integers, addresses and branch conditions stay concrete; a branch, guard or address that depends on a symbolic
/// value is an Unsupported fault.</summary>
public static class PtxBlockRunner
{
    /// <summary>Checks a launch against an entry: extents ≥ 1, at most 1024 threads per block, one argument per .param
    /// with the parameter's width (and a float only for .f32). Null when it is valid.</summary>
    public static string? CheckLaunch<T>(PtxEntry entry, LaunchConfig config, IReadOnlyList<PtxValue<T>> args)
    {
        if (config.GridX < 1 || config.GridY < 1 || config.GridZ < 1 || config.BlockX < 1 || config.BlockY < 1 || config.BlockZ < 1)
            return $"grid ({config.GridX},{config.GridY},{config.GridZ}) and block ({config.BlockX},{config.BlockY},{config.BlockZ}) extents must be at least 1";
        if ((long)config.BlockX * config.BlockY * config.BlockZ > 1024)
            return $"a block of {(long)config.BlockX * config.BlockY * config.BlockZ} threads exceeds 1024";
        if (config.DynamicSharedBytes < 0) return "negative dynamic shared memory size";
        if (args.Count != entry.Params.Count)
            return $"{entry.Name} takes {entry.Params.Count} argument(s), {args.Count} given";
        for (int i = 0; i < args.Count; i++)
        {
            var p = entry.Params[i];
            var a = args[i];
            bool ok = a.Kind switch
            {
                PtxValueKind.Bits => !p.Type.IsFloat() && (p.Type.Bits() == 64 || a.Bits <= uint.MaxValue),
                PtxValueKind.Float => p.Type == PtxType.F32 && a.FloatType == IR.DType.F32,
                _ => false,
            };
            if (!ok) return $"argument {i + 1} ({a}) does not fit parameter {p.Name} of .{p.Type.Name()}";
        }
        return null;
    }

    /// <summary>Runs one block of a launch of <paramref name="entry"/> with the caller's domain and global memory.
    /// Args: one value per .param (integers as bits, .f32 as a float of the domain).</summary>
    public static PtxRunResult RunBlock<T>(PtxModule module, string entry, LaunchConfig config, (int X, int Y, int Z) block,
        IReadOnlyList<PtxValue<T>> args, IPtxDomain<T> domain, IPtxGlobalMemory<T> global, PtxRunOptions? options = null)
    {
        options ??= PtxRunOptions.Default;
        var e = module.FindEntry(entry);
        if (e is null) return BadLaunch($"no entry '{entry}' in {module.FileName}");
        if (CheckLaunch(e, config, args) is { } msg) return BadLaunch(msg);
        if (block.X < 0 || block.X >= config.GridX || block.Y < 0 || block.Y >= config.GridY || block.Z < 0 || block.Z >= config.GridZ)
            return BadLaunch($"block ({block.X},{block.Y},{block.Z}) is outside the grid");
        var image = KernelImage<T>.Build(module, e, domain);
        var budget = new StepBudget(options.MaxWarpInstructions);
        var fault = new BlockExecutor<T>(image, config, block, args.ToArray(), new PtxSemantics<T>(domain), global, budget, options.DetectRaces).Run();
        return new PtxRunResult(fault, budget.Used);
    }

    internal static PtxRunResult BadLaunch(string message) =>
        new(new PtxFault(PtxFaultKind.BadLaunch, message, 0, (0, 0, 0), (0, 0, 0)), 0);
}
