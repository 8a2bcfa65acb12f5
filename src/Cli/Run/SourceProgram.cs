using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Build;
using KernelC.Cli.Support;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Passes;
using KernelC.Passes.Registry;

namespace KernelC.Cli.Run;

/// <summary>`kernelc run FILE.kc --device cpu|cuda|auto`: the file's pipeline (its schedule, else "fuse"; built-in
/// passes only) and the PTX emitter, for this run only. Nothing is proved here — that is `kernelc build`'s job —
/// and the run says so; `kernelc run BUNDLE` runs only proved, verified code.</summary>
public static class SourceProgram
{
    public static PtxProgram? Compile(SourceText source, string kernelName, TextWriter err, DiagnosticBag diags)
    {
        var module = FrontEnd.Compile(source, diags);
        var unit = module is null ? null : FrontEnd.Parse(source, new DiagnosticBag());
        if (module is null || unit is null) return null;
        if (KernelSelector.Select(module, kernelName, source.Path, diags) is null) return null;
        var spec = PipelineChoice.Choose(null, unit, diags);
        if (spec is null) return null;
        var registry = PassRegistry.BuiltIn();
        foreach (var ps in spec.Passes)
        {
            var pass = registry.Resolve(ps, diags);
            if (pass is null) return null;
            PassOutput? output;
            try { output = pass.Run(module, ps, diags); }
            catch (Exception e)
            {
                diags.Error(RunErrors.PassFailed, source.Path, $"pass {ps} crashed: {e.GetType().Name}: {e.Message}");
                return null;
            }
            if (output is null)
            {
                if (!diags.HasErrors) diags.Error(RunErrors.PassFailed, source.Path, $"pass {ps} returned no module");
                return null;
            }
            module = output.Module;
        }
        var kernel = module.Find(kernelName);
        if (kernel is null)
        {
            diags.Error(RunErrors.PassFailed, source.Path, $"the pipeline \"{spec}\" dropped kernel {kernelName}");
            return null;
        }
        err.WriteLine($"note: {Path.GetFileName(source.Path)} compiled for this run (pipeline \"{spec}\", PTX {PtxTarget.Default.Sm}) "
            + "without proving the passes; `kernelc build` then `kernelc run BUNDLE` runs only proved, verified code");
        return PtxEmitter.Emit(kernel, PtxTarget.Default, diags);
    }
}
