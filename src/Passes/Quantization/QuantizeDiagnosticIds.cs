namespace KernelC.Passes.Quantization;

/// <summary>The KC052x diagnostic ids of the quantize pass (docs/diagnostics.md, KC05xx). Malformed arguments
/// in general are <see cref="PassDiagnosticIds.BadPassArguments"/> (KC0503).</summary>
public static class QuantizeDiagnosticIds
{
    /// <summary>quantize names a parameter that no kernel has, or one that is not f32.</summary>
    public const string NotAnF32Parameter = "KC0520";
    /// <summary>quantize(i8, ...): int8 weights with scales are not implemented yet.</summary>
    public const string FormatNotSupported = "KC0521";
}
