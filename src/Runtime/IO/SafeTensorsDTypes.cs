using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>The safetensors dtype strings: the six KernelC stores, and the others the format defines (recognised so
/// the message can say "unsupported" rather than "unknown").</summary>
internal static class SafeTensorsDTypes
{
    private static readonly (string Name, DType DType)[] Supported =
    {
        ("F64", DType.F64), ("F32", DType.F32), ("F16", DType.F16), ("BF16", DType.BF16), ("I8", DType.I8), ("I32", DType.I32),
    };

    private static readonly HashSet<string> Recognised = new(StringComparer.Ordinal)
    {
        "BOOL", "U8", "I16", "U16", "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64",
    };

    public static bool TryParse(string name, out DType t)
    {
        foreach (var (n, d) in Supported)
            if (n == name) { t = d; return true; }
        t = default;
        return false;
    }

    public static bool IsRecognised(string name) => Recognised.Contains(name);

    public static string Name(DType t)
    {
        foreach (var (n, d) in Supported)
            if (d == t) return n;
        throw new ArgumentOutOfRangeException(nameof(t), t, "not a storable dtype");
    }
}
