using System.Text;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Cli.Build;

/// <summary>The last step of `kernelc build`: the PTX emitter on the final IR of every kernel, giving
/// ptx/KERNEL.ptx and ptx/KERNEL.program.json in the bundle (docs/bundles.md, docs/ptx.md "Emission").
/// Emission is deterministic; an unsupported op or shape is a KC08xx diagnostic (exit 1) and no bundle.</summary>
public static class PtxStage
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public static string PtxPath(string kernel) => $"ptx/{kernel}.ptx";
    public static string ProgramPath(string kernel) => $"ptx/{kernel}.program.json";

    /// <summary>One program per kernel in module order; null when any kernel fails to emit (diagnostics).</summary>
    public static IReadOnlyList<PtxProgram>? Emit(Module final, PtxTarget target, DiagnosticBag diags)
    {
        var programs = new List<PtxProgram>();
        foreach (var k in final.Kernels)
            if (PtxEmitter.Emit(k, target, diags) is { } p) programs.Add(p);
        return programs.Count == final.Kernels.Count && !diags.HasErrors ? programs : null;
    }

    public static void AddFiles(Dictionary<string, byte[]> files, IEnumerable<PtxProgram> programs)
    {
        foreach (var p in programs)
        {
            files[PtxPath(p.KernelName)] = Utf8.GetBytes(p.PtxText);
            files[ProgramPath(p.KernelName)] = Utf8.GetBytes(PtxProgramJson.Write(p));
        }
    }
}
