using KernelC.Backend.Ptx.Model;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>The CPU PTX interpreter (docs/ptx.md "Interpreter").</summary>
public static class PtxInterpreter
{
    /// <summary>Runs every block of the grid on concrete values (IEEE, the semantics table over the exact IEEE
    /// domain). Outputs are written to <paramref name="memory"/>; the first fault stops the run.</summary>
    public static PtxRunResult Run(PtxModule module, string entry, LaunchConfig config, IReadOnlyList<PtxArg> args,
        GlobalMemory memory, PtxRunOptions? options = null) =>
        throw new NotImplementedException("PTX interpreter: in progress");
}
