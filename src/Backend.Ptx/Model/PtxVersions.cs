using System.Globalization;

namespace KernelC.Backend.Ptx.Model;

/// <summary>PTX ISA version and target rules (PTX ISA "Release notes" / target table): sm_80 needs PTX ISA 7.0,
/// sm_86 7.1, sm_89 7.8, sm_90 7.8. bf16 conversions and mma.sync m16n8k16 need sm_80.</summary>
public static class PtxVersions
{
    /// <summary>The targets the reader accepts with the minimum PTX ISA version (major*10+minor) each needs.</summary>
    public static readonly IReadOnlyDictionary<int, int> MinimumVersion = new Dictionary<int, int>
    {
        [70] = 60, [75] = 63, [80] = 70, [86] = 71, [87] = 74, [89] = 78, [90] = 78,
    };

    /// <summary>"sm_80" → 80 (a trailing 'a' as in sm_90a is accepted); 0 otherwise.</summary>
    public static int Sm(string target)
    {
        if (!target.StartsWith("sm_", StringComparison.Ordinal)) return 0;
        var digits = target[3..].TrimEnd('a');
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>"7.8" → 78; -1 when malformed.</summary>
    public static int Parse(string version)
    {
        var parts = version.Split('.');
        if (parts.Length != 2) return -1;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor) || minor > 9) return -1;
        return major * 10 + minor;
    }
}
