using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>The CPU PTX interpreter (docs/ptx.md "Interpreter"): every block of the grid, in order x, then y, then z,
/// each to completion (blocks do not communicate except through global memory, which the subset has no atomics for).</summary>
public static class PtxInterpreter
{
    /// <summary>Runs every block of the grid on concrete values (the semantics table over the exact IEEE domain).
    /// Outputs are written to <paramref name="memory"/>; the first fault stops the run.</summary>
    public static PtxRunResult Run(PtxModule module, string entry, LaunchConfig config, IReadOnlyList<PtxArg> args,
        GlobalMemory memory, PtxRunOptions? options = null)
    {
        options ??= PtxRunOptions.Default;
        var e = module.FindEntry(entry);
        if (e is null) return PtxBlockRunner.BadLaunch($"no entry '{entry}' in {module.FileName}");
        var values = args.Select(a => a switch
        {
            PtxArg.U64 u => PtxValue<double>.OfBits(u.Value),
            PtxArg.U32 u => PtxValue<double>.OfBits(u.Value),
            PtxArg.F32 f => PtxValue<double>.OfFloat(f.Value, IR.DType.F32),
            _ => throw new ArgumentException($"argument kind {a.GetType().Name}", nameof(args)),
        }).ToArray();
        if (PtxBlockRunner.CheckLaunch(e, config, values) is { } msg) return PtxBlockRunner.BadLaunch(msg);
        for (int i = 0; i < args.Count; i++)
            if (args[i] is PtxArg.U32 && e.Params[i].Type.Bits() != 32 || args[i] is PtxArg.U64 && e.Params[i].Type.Bits() != 64)
                return PtxBlockRunner.BadLaunch($"argument {i + 1} is {args[i].GetType().Name}, parameter {e.Params[i].Name} is .{e.Params[i].Type.Name()}");

        var domain = ConcretePtxDomain.Instance;
        var image = KernelImage<double>.Build(module, e, domain);
        var semantics = new PtxSemantics<double>(domain);
        var global = new ConcreteGlobalMemory(memory);
        var budget = new StepBudget(options.MaxWarpInstructions);
        for (int z = 0; z < config.GridZ; z++)
            for (int y = 0; y < config.GridY; y++)
                for (int x = 0; x < config.GridX; x++)
                {
                    var fault = new BlockExecutor<double>(image, config, (x, y, z), values, semantics, global, budget, options.DetectRaces).Run();
                    if (fault is not null) return new PtxRunResult(fault, budget.Used);
                }
        return new PtxRunResult(null, budget.Used);
    }
}
