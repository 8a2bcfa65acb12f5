using KernelC.Verifier.Checking;

namespace KernelC.Cli.Verify;

/// <summary>One re-proved obligation: stage, pass, solver and the checker's outcome; <see cref="SignatureLine"/> is
/// the 1-based line of the kernel's signature in source.kc (0 when unknown).</summary>
public sealed record VerifyRow(int Stage, string Pass, string Solver, ObligationOutcome Outcome, int SignatureLine);
