namespace KernelC.Runtime;

/// <summary>The SplitMix64 generator (Steele, Lea, Flood 2014): state += 0x9E3779B97F4A7C15, then a fixed
/// xor-shift-multiply mix. Pure 64-bit integer arithmetic, so identical on every machine and runtime.</summary>
public struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [0, n): floor(Next() * n / 2^64) (Lemire's multiply-shift, no rejection; the bias is
    /// below n / 2^64).</summary>
    public ulong NextBelow(ulong n) => (ulong)(((UInt128)Next() * n) >> 64);

    /// <summary>A double uniform on the grid {k * 2^-52 - 1 : 0 &lt;= k &lt; 2^53}, so in [-1, 1); exact.</summary>
    public double NextSigned() => (Next() >> 11) * (1.0 / (1UL << 52)) - 1.0;
}
