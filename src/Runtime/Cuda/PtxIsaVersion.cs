using System.Globalization;

namespace KernelC.Runtime.Cuda;

/// <summary>Which PTX ISA version a driver accepts, and the PTX header rewrite. cuDriverGetVersion answers
/// 1000·major + 10·minor (12040 = CUDA 12.4). PTX has no minor-version compatibility: a `.version` newer than the
/// driver's JIT fails with CUDA_ERROR_UNSUPPORTED_PTX_VERSION (222), while older versions load. KernelC emits 7.8
/// (CUDA 11.8) and loads the module under the newest ISA the driver knows, so the driver's ptxas sees its native
/// version; only the `.version` directive changes, never an instruction.</summary>
public static class PtxIsaVersion
{
    /// <summary>CUDA release (1000·major + 10·minor) → its PTX ISA (NVIDIA's PTX ISA release notes, ISA 9.1).</summary>
    private static readonly (int Cuda, string Isa)[] Table =
    [
        (11080, "7.8"), (12000, "8.0"), (12010, "8.1"), (12020, "8.2"), (12030, "8.3"), (12040, "8.4"),
        (12050, "8.5"), (12060, "8.5"), (12070, "8.6"), (12080, "8.7"), (12090, "8.8"), (13000, "9.0"), (13010, "9.1"),
    ];

    public const int OldestDriver = 11080;

    /// <summary>The newest PTX ISA the driver of version <paramref name="driverVersion"/> accepts, or null with
    /// <paramref name="problem"/> when the driver is older than CUDA 11.8. A driver newer than the table gets the
    /// table's newest ISA (drivers load every older ISA).</summary>
    public static string? ForDriver(int driverVersion, out string? problem)
    {
        if (driverVersion < OldestDriver)
        {
            problem = $"the CUDA driver is version {Format(driverVersion)}; KernelC's PTX (.version 7.8, sm_80) needs a driver "
                + "for CUDA 11.8 or newer: update the NVIDIA driver";
            return null;
        }
        problem = null;
        string isa = Table[0].Isa;
        foreach (var (cuda, v) in Table)
            if (driverVersion >= cuda) isa = v;
        return isa;
    }

    /// <summary>"12.4" for 12040.</summary>
    public static string Format(int driverVersion) =>
        $"{driverVersion / 1000}.{driverVersion % 1000 / 10}";

    /// <summary>The PTX text with its `.version` directive (the first directive, per PTX ISA §11.1) set to
    /// <paramref name="version"/>; null with <paramref name="problem"/> when the text does not start with one, or asks
    /// for a newer ISA than <paramref name="version"/> (lowering the version could drop features it uses).</summary>
    public static string? Rewrite(string ptx, string version, out string? problem)
    {
        problem = null;
        int pos = 0;
        while (pos < ptx.Length)
        {
            int end = ptx.IndexOf('\n', pos);
            if (end < 0) end = ptx.Length;
            var line = ptx[pos..end].Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) { pos = end + 1; continue; }
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0] != ".version" || !TryParse(parts[1], out var current))
            {
                problem = $"the PTX does not start with a '.version X.Y' directive (found '{line}')";
                return null;
            }
            if (!TryParse(version, out var wanted)) throw new ArgumentException($"bad PTX version '{version}'", nameof(version));
            if (current.CompareTo(wanted) > 0)
            {
                problem = $"the PTX asks for ISA {parts[1]} but the driver supports at most {version}: update the NVIDIA driver";
                return null;
            }
            var leading = ptx[pos..end];
            var rewritten = leading[..leading.IndexOf(".version", StringComparison.Ordinal)] + ".version " + version;
            return string.Concat(ptx.AsSpan(0, pos), rewritten, ptx.AsSpan(end));
        }
        problem = "the PTX text is empty";
        return null;
    }

    private static bool TryParse(string s, out (int Major, int Minor) v)
    {
        v = default;
        var p = s.Split('.');
        if (p.Length != 2 || !int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return false;
        v = (major, minor);
        return true;
    }
}
