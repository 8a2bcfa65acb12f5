using System.Globalization;
using KernelC.IR;

namespace KernelC.Passes.Quantization;

/// <summary>A narrow float storage format of the quantize pass and the defaults its certificate states:
/// the normal range [min-normal, max-finite] and the unit roundoff u = 2^-p of round-to-nearest-even
/// (p = 11 for f16, 8 for bf16): |rn(x) − x| ≤ u·|x| for x in the normal range.</summary>
public sealed record StorageFormat(DType DType, int Precision, int MinNormalExponent)
{
    public static readonly StorageFormat F16 = new(DType.F16, 11, -14);
    public static readonly StorageFormat BF16 = new(DType.BF16, 8, -126);

    public static StorageFormat? Parse(string name) => name switch { "f16" => F16, "bf16" => BF16, _ => null };

    public string Name => DType.Name();

    /// <summary>"2^-14..65504" (f16), "2^-126..3.3895313892515355E+38" (bf16): the normal range of |x|.</summary>
    public string NormalRangeText =>
        $"2^{MinNormalExponent}..{FloatFormat.MaxFinite(DType).ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>"2^-11" (f16), "2^-8" (bf16): the relative bound of round-to-nearest-even in the normal range.</summary>
    public string RneToleranceText => $"2^-{Precision}";
}
