namespace KernelC.Cli.Run;

/// <summary>`kernelc run` arguments. Device null: reference for a .kc file, auto for a bundle.</summary>
public sealed record RunOptions(
    string Path,
    string? Kernel,
    string? Dims,
    IReadOnlyList<string> Inputs,
    string? Output,
    string? Device,
    ulong Seed,
    string Precision,
    bool AllowUnverified,
    int? VerifyTimeoutMs,
    bool ProvePtx = false);
