using System.Text;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Runtime.Bundles;

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

    /// <summary>verify: re-emits every kernel of the final IR for the target named in its PTX file's `.target` line
    /// and requires both PTX files byte for byte (KC0627). The files are trusted for nothing: only their bytes are
    /// compared with what this emitter gives.</summary>
    public static bool Recheck(Bundle bundle, Module final, DiagnosticBag diags)
    {
        int before = diags.Count;
        foreach (var k in final.Kernels)
        {
            var ptx = bundle.Text(PtxPath(k.Name), BundleCliErrors.PtxDiffers, diags);
            var prog = bundle.Text(ProgramPath(k.Name), BundleCliErrors.PtxDiffers, diags);
            if (ptx is null || prog is null) continue;
            var sm = ptx.Split('\n').FirstOrDefault(l => l.StartsWith(".target ", StringComparison.Ordinal))?[".target ".Length..];
            var target = sm is null ? null : PtxTarget.Parse(sm);
            if (target is null)
            {
                diags.Error(BundleCliErrors.PtxDiffers, bundle.PathOf(PtxPath(k.Name)), $"no known .target line ({string.Join(", ", PtxTarget.Known)})");
                continue;
            }
            var emitDiags = new DiagnosticBag();
            var p = PtxEmitter.Emit(k, target, emitDiags);
            if (p is null) { diags.AddRange(emitDiags.Items); continue; }
            if (p.PtxText != ptx)
                diags.Error(BundleCliErrors.PtxDiffers, bundle.PathOf(PtxPath(k.Name)), $"differs from the PTX emitted for kernel @{k.Name} of the final IR ({target.Sm})");
            if (PtxProgramJson.Write(p) != prog)
                diags.Error(BundleCliErrors.PtxDiffers, bundle.PathOf(ProgramPath(k.Name)), $"differs from the launch program emitted for kernel @{k.Name}");
        }
        return diags.Count == before;
    }
}
