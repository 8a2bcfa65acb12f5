using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Support;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Runtime.Bundles;

namespace KernelC.Cli.Run;

/// <summary>What `kernelc run BUNDLE` needs from a bundle: the source kernel (for parameter shapes, dim inference
/// and the reference device) and the PTX program ptx/KERNEL.ptx + ptx/KERNEL.program.json. Files come from a
/// bundle read strictly (hashes checked) or, only under --allow-unverified when strict reading failed, straight
/// from the folder (each path still a plain relative path inside it).</summary>
public sealed class BundleProgram
{
    private readonly Func<string, string?> _text;
    private readonly string _dir;

    private BundleProgram(string dir, Func<string, string?> text)
    {
        _dir = dir;
        _text = text;
    }

    public static BundleProgram Strict(Bundle b) => new(b.Directory, rel =>
        b.Files.TryGetValue(rel, out var bytes) ? new System.Text.UTF8Encoding(false, false).GetString(bytes) : null);

    /// <summary>Unchecked files (--allow-unverified after a failed strict read).</summary>
    public static BundleProgram Raw(string dir) => new(dir, rel =>
    {
        if (BundlePaths.Problem(rel) is not null) return null;
        var full = Path.GetFullPath(Path.Combine(dir, rel));
        if (!BundlePaths.Inside(Path.GetFullPath(dir), full) || !File.Exists(full)) return null;
        var info = new FileInfo(full);
        return info.LinkTarget is null && info.Length <= BundleReader.MaxFileBytes ? File.ReadAllText(full) : null;
    });

    public static string PtxPath(string kernel) => $"ptx/{kernel}.ptx";
    public static string ProgramPath(string kernel) => $"ptx/{kernel}.program.json";

    /// <summary>The kernel of source.kc (lowered by this front end) named <paramref name="name"/> or the only one.</summary>
    public Kernel? SourceKernel(string? name, DiagnosticBag diags)
    {
        var path = Path.Combine(_dir, BundleManifest.SourceFile);
        var text = _text(BundleManifest.SourceFile);
        if (text is null)
        {
            diags.Error(BundleErrors.MissingFile, path, "the bundle has no readable source.kc");
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var module = FrontEnd.Compile(new SourceText(path, text), diags);
        return module is null ? null : KernelSelector.Select(module, name, path, diags);
    }

    /// <summary>The kernel's PTX program; null with KC0901 when the bundle has none, or the program file's KC0803.</summary>
    public PtxProgram? Program(string kernel, DiagnosticBag diags)
    {
        var ptx = _text(PtxPath(kernel));
        var json = _text(ProgramPath(kernel));
        if (ptx is null || json is null)
        {
            diags.Error(RunErrors.NoPtxInBundle, _dir, $"the bundle has no PTX for kernel {kernel} ({PtxPath(kernel)} and "
                + $"{ProgramPath(kernel)}): rebuild it with this kernelc, or run it with --device reference");
            return null;
        }
        return PtxProgramJson.Read(json, ptx, Path.Combine(_dir, ProgramPath(kernel)), diags);
    }
}
