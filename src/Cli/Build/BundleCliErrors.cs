namespace KernelC.Cli.Build;

/// <summary>KC06xx ids of `kernelc build` and `kernelc verify` (docs/diagnostics.md). The bundle reader's own ids
/// (KC0602–KC0609) are in KernelC.Runtime.Bundles.BundleErrors.</summary>
public static class BundleCliErrors
{
    /// <summary>Kernels of one file give different `schedule` pipelines: pass one with --pipeline.</summary>
    public const string SchedulesDisagree = "KC0610";
    /// <summary>-o names a file, or a non-empty folder that is not a bundle (it would be replaced), or cannot be written.</summary>
    public const string BadOutput = "KC0611";
    /// <summary>--timeout is not a positive number of milliseconds.</summary>
    public const string BadTimeout = "KC0612";
    /// <summary>verify: source.kc does not compile, or its IR differs from ir/0-source.kcir.</summary>
    public const string SourceIrDiffers = "KC0620";
    /// <summary>verify: a stage's IR or certificate file is not valid or not in canonical form, or its pass differs from the pipeline.</summary>
    public const string BadStageFile = "KC0621";
    /// <summary>verify: the checker rejects a stage's certificate (hashes of another step, invalid IR, changed interface, bad hint).</summary>
    public const string CertificateRejected = "KC0622";
    /// <summary>verify: the regenerated obligations differ from the manifest's list.</summary>
    public const string ObligationsDiffer = "KC0623";
    /// <summary>verify: a regenerated obligation's SMT-LIB2 differs from the stored .smt2.</summary>
    public const string SmtDiffers = "KC0624";
    /// <summary>verify: a regenerated obligation record differs from the stored .json.</summary>
    public const string RecordDiffers = "KC0625";
    /// <summary>verify: the --sarif file cannot be written.</summary>
    public const string CannotWriteSarif = "KC0626";
    /// <summary>verify: a kernel's ptx/KERNEL.ptx or ptx/KERNEL.program.json is missing, names an unknown target, or
    /// differs from what the emitter gives for the final IR.</summary>
    public const string PtxDiffers = "KC0627";
}
