using System.Text;
using KernelC.IR;
using KernelC.Runtime.Bundles;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Build;

/// <summary>The files of a bundle for a finished build (docs/bundles.md). Every byte is a function of the source
/// bytes, the pipeline and the limits: IR texts are IrPrinter output, certificates CertificateJson, obligations the
/// checker's SMT-LIB2 and record JSON — no times, no absolute paths.</summary>
public static class BundleContents
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public static (BundleManifest Skeleton, Dictionary<string, byte[]> Files) Make(byte[] sourceBytes, string sourceName,
        string pipeline, SolverLimits limits, IReadOnlyList<BuiltStage> stages)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [BundleManifest.SourceFile] = sourceBytes };
        var manifestStages = new List<BundleStage>();
        foreach (var s in stages)
        {
            files[s.IrPath] = Utf8.GetBytes(IrPrinter.Print(s.Module));
            if (s.Certificate is null)
            {
                manifestStages.Add(new BundleStage(s.Index, "source", s.IrPath, null, EqArray<string>.Empty));
                continue;
            }
            var certPath = $"{s.CertificateFolder}/certificate.json";
            files[certPath] = Utf8.GetBytes(CertificateJson.Write(s.Certificate));
            var names = new List<string>();
            foreach (var o in s.Checks[0].Outcomes)
            {
                var stem = $"{s.CertificateFolder}/{o.Record.Name}";
                files[stem + ".smt2"] = Utf8.GetBytes(o.SmtLib2);
                files[stem + ".json"] = Utf8.GetBytes(o.Record.ToJson());
                names.Add(stem);
            }
            manifestStages.Add(new BundleStage(s.Index, s.Pass!.ToString(), s.IrPath, certPath, names.ToEqArray()));
        }
        var skeleton = new BundleManifest(new BundleSource(BundleManifest.SourceFile, sourceName, ""), pipeline,
            new BundleLimits(limits.TimeoutMs, limits.Rlimit, limits.Seed), manifestStages.ToEqArray(), EqArray<BundleFile>.Empty);
        return (skeleton, files);
    }
}
