namespace KernelC.Cli.Verify;

/// <summary>What `kernelc verify` was asked for. <see cref="TimeoutMs"/> null: the bundle's own limits.</summary>
public sealed record VerifyOptions(string Bundle, string Solver, string? Sarif, int? TimeoutMs);
