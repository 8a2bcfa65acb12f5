namespace KernelC.Passes.Quantization;

/// <summary>The KC052x diagnostic ids of the quantize pass (docs/diagnostics.md, KC05xx). Malformed arguments
/// in general are <see cref="PassDiagnosticIds.BadPassArguments"/> (KC0503).</summary>
public static class QuantizeDiagnosticIds
{
    /// <summary>quantize names a parameter that no kernel has, or one that is not f32.</summary>
    public const string NotAnF32Parameter = "KC0520";
    /// <summary>quantize(i8, ...): a chosen parameter cannot be stored as int8 that way (rank 0, or per_channel on a
    /// tensor of rank below 2), or the module has no weight parameter to quantize.</summary>
    public const string NotQuantizableToInt8 = "KC0521";
}
