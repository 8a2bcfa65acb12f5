namespace KernelC.Backend.Ptx.Emit;

/// <summary>Diagnostic ids of PTX emission and of the launch-program file (docs/diagnostics.md, "KC08xx — PTX
/// emission").</summary>
public static class PtxDiagnosticIds
{
    /// <summary>An (IR op, type) pair with no row in the instruction table.</summary>
    public const string UnsupportedOp = "KC0801";
    /// <summary>An IR shape the emitter does not lower (e.g. a tile or local tensor too large for a thread block).</summary>
    public const string UnsupportedShape = "KC0802";
    /// <summary>A malformed launch-program file (program.json).</summary>
    public const string BadProgram = "KC0803";
    /// <summary>Sizes whose flat element indices do not fit the 32-bit index width of the emitted code.</summary>
    public const string IndexOverflow = "KC0804";
    /// <summary>An unknown --target.</summary>
    public const string UnknownTarget = "KC0805";
}
