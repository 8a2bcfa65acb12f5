using System.Text;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>The PTX files of a bundle: exactly pairs ptx/KERNEL.ptx + ptx/KERNEL.program.json (KERNEL an
/// identifier), each program file valid (PtxProgramJson, strict), for kernel KERNEL, and bound to its PTX text by
/// SHA-256. Every listed file is the source, a stage's IR, certificate or obligation file, or such a PTX file:
/// anything else is refused (KC0609), so a bundle carries nothing its reader does not understand.</summary>
public static class BundlePtx
{
    public const string Folder = "ptx/";

    public static bool Check(BundleManifest m, IReadOnlyDictionary<string, byte[]> files, string directory, DiagnosticBag diags)
    {
        int before = diags.Count;
        var manifestPath = Path.Combine(directory, BundleManifest.ManifestFile);
        var known = new HashSet<string>(StringComparer.Ordinal) { m.Source.File };
        foreach (var s in m.Stages)
        {
            known.Add(s.Ir);
            if (s.Certificate is not null) known.Add(s.Certificate);
            foreach (var o in s.Obligations) { known.Add(o + ".smt2"); known.Add(o + ".json"); }
        }
        var kernels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in m.Files)
        {
            if (known.Contains(f.Path)) continue;
            var name = KernelOf(f.Path);
            if (name is null)
                diags.Error(BundleErrors.BadStages, manifestPath, $"'{f.Path}' is neither a stage's file nor ptx/KERNEL.ptx or ptx/KERNEL.program.json");
            else kernels.Add(name);
        }
        if (diags.Count != before) return false;
        foreach (var k in kernels)
        {
            string ptx = Folder + k + ".ptx", prog = Folder + k + ".program.json";
            if (!files.TryGetValue(ptx, out var ptxBytes) || !files.TryGetValue(prog, out var progBytes))
            {
                diags.Error(BundleErrors.BadStages, manifestPath, $"kernel {k}: {ptx} and {prog} come in pairs");
                continue;
            }
            string ptxText, progText;
            try
            {
                var strict = new UTF8Encoding(false, true);
                ptxText = strict.GetString(ptxBytes);
                progText = strict.GetString(progBytes);
            }
            catch (DecoderFallbackException)
            {
                diags.Error(BundleErrors.BadStages, Path.Combine(directory, ptx), "PTX or program file is not valid UTF-8");
                continue;
            }
            var p = PtxProgramJson.Read(progText, ptxText, Path.Combine(directory, prog), diags);
            if (p is not null && p.KernelName != k)
                diags.Error(BundleErrors.BadStages, Path.Combine(directory, prog), $"the program is for kernel {p.KernelName}, not {k}");
        }
        return diags.Count == before;
    }

    /// <summary>KERNEL for ptx/KERNEL.ptx or ptx/KERNEL.program.json with KERNEL an identifier, else null.</summary>
    public static string? KernelOf(string path)
    {
        if (!path.StartsWith(Folder, StringComparison.Ordinal)) return null;
        var rest = path[Folder.Length..];
        string? name = rest.EndsWith(".program.json", StringComparison.Ordinal) ? rest[..^".program.json".Length]
            : rest.EndsWith(".ptx", StringComparison.Ordinal) ? rest[..^".ptx".Length] : null;
        return name is { Length: > 0 and <= 128 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name : null;
    }
}
