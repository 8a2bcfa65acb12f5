namespace KernelC.Runtime;

/// <summary>An IEEE-754 binary interchange layout: 1 sign bit, <see cref="ExponentBits"/>, <see cref="MantissaBits"/>
/// (without the implicit bit). Bias = 2^(ExponentBits-1) - 1.</summary>
internal readonly record struct FloatLayout(int ExponentBits, int MantissaBits)
{
    public static readonly FloatLayout F32 = new(8, 23);
    public static readonly FloatLayout F16 = new(5, 10);
    public static readonly FloatLayout BF16 = new(8, 7);

    public int Bias => (1 << (ExponentBits - 1)) - 1;
    public uint MaxExponentField => (1u << ExponentBits) - 1;
    public int TotalBits => 1 + ExponentBits + MantissaBits;
}
