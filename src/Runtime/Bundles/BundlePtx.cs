using System.Text;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Runtime.Bundles;

/// <summary>The PTX files of a bundle: exactly pairs ptx/KERNEL.ptx + ptx/KERNEL.program.json (KERNEL an
/// identifier), each program file valid (PtxProgramJson, strict), for kernel KERNEL, and bound to its PTX text by
/// SHA-256; and per such kernel its lowering proof files ptx/lowering/KERNEL/certificate.json and
/// ptx/lowering/KERNEL/NAME.smt2 + NAME.json pairs (NAME a plain obligation name), only for a kernel that has its PTX
/// pair. Every listed file is the source, a stage's IR, certificate or obligation file, or such a PTX file:
/// anything else is refused (KC0609), so a bundle carries nothing its reader does not understand. (Whether the
/// lowering files are the right ones is `kernelc verify`'s question: it regenerates and compares them.)</summary>
public static class BundlePtx
{
    public const string Folder = "ptx/";
    public const string LoweringFolder = "ptx/lowering/";
    public const string LoweringCertificate = "certificate.json";

    /// <summary>The folder of kernel KERNEL's lowering certificate and obligations.</summary>
    public static string LoweringDir(string kernel) => LoweringFolder + kernel;

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
        var lowering = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in m.Files)
        {
            if (known.Contains(f.Path)) continue;
            if (LoweringFileOf(f.Path) is { } lf)
            {
                if (!lowering.TryGetValue(lf.Kernel, out var list)) lowering[lf.Kernel] = list = [];
                list.Add(lf.File);
                continue;
            }
            var name = KernelOf(f.Path);
            if (name is null)
                diags.Error(BundleErrors.BadStages, manifestPath, $"'{f.Path}' is neither a stage's file nor ptx/KERNEL.ptx or ptx/KERNEL.program.json");
            else kernels.Add(name);
        }
        foreach (var (k, names) in lowering)
        {
            if (!kernels.Contains(k))
                diags.Error(BundleErrors.BadStages, manifestPath, $"{LoweringDir(k)}/ has no ptx/{k}.ptx and ptx/{k}.program.json");
            if (!names.Contains(LoweringCertificate))
                diags.Error(BundleErrors.BadStages, manifestPath, $"{LoweringDir(k)}/ has obligations but no {LoweringCertificate}");
            var set = names.ToHashSet(StringComparer.Ordinal);
            foreach (var n in names.Where(n => n != LoweringCertificate))
            {
                var partner = n.EndsWith(".smt2", StringComparison.Ordinal) ? n[..^".smt2".Length] + ".json" : n[..^".json".Length] + ".smt2";
                if (!set.Contains(partner))
                    diags.Error(BundleErrors.BadStages, manifestPath, $"{LoweringDir(k)}/{n}: obligations come as NAME.smt2 + NAME.json pairs");
            }
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

    /// <summary>(KERNEL, FILE) for ptx/lowering/KERNEL/FILE with KERNEL an identifier and FILE certificate.json or
    /// NAME.smt2 / NAME.json (NAME letters, digits, '_', '.', '-', not starting with '.'), else null.</summary>
    public static (string Kernel, string File)? LoweringFileOf(string path)
    {
        if (!path.StartsWith(LoweringFolder, StringComparison.Ordinal)) return null;
        var parts = path[LoweringFolder.Length..].Split('/');
        if (parts.Length != 2 || !IsIdentifier(parts[0])) return null;
        var file = parts[1];
        if (file == LoweringCertificate) return (parts[0], file);
        string? stem = file.EndsWith(".smt2", StringComparison.Ordinal) ? file[..^".smt2".Length]
            : file.EndsWith(".json", StringComparison.Ordinal) ? file[..^".json".Length] : null;
        return stem is { Length: > 0 and <= 200 } && stem[0] != '.' && stem != "certificate"
            && stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? (parts[0], file) : null;
    }

    private static bool IsIdentifier(string name) => name is { Length: > 0 and <= 128 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
