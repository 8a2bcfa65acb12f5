namespace KernelC.Cli.Verify;

/// <summary>What `kernelc verify` was asked for. <see cref="TimeoutMs"/> null: the bundle's own limits.
/// <see cref="ProvePtx"/>: accepted for compatibility and ignored — the lowering of every kernel's PTX is always
/// proved (<see cref="LoweringVerify"/>).</summary>
public sealed record VerifyOptions(string Bundle, string Solver, string? Sarif, int? TimeoutMs, bool ProvePtx = false);
