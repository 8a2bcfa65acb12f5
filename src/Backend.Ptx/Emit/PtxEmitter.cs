using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>IR kernel → one PTX module and its launch program (one .entry per top-level IR instruction).</summary>
public static class PtxEmitter
{
    /// <summary>Null (diagnostics KC08xx) for an unsupported (op, type) or IR shape.</summary>
    public static PtxProgram? Emit(Kernel kernel, PtxTarget target, DiagnosticBag diagnostics)
    {
        // Placeholder while the emitter lands: refuses every kernel (never a fallback).
        diagnostics.Error(PtxDiagnosticIds.UnsupportedShape, kernel.Name, $"kernel @{kernel.Name}: PTX emission is not implemented yet");
        return null;
    }
}
