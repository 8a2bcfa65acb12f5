using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>What a rule's VC generator returns: the obligations to prove, or why the certificate is rejected
/// before any solving.</summary>
internal sealed record RulePlan(IReadOnlyList<PlannedObligation>? Obligations, string? Rejection)
{
    public static RulePlan Reject(string why) => new(null, why);
    public static RulePlan Of(IEnumerable<PlannedObligation> obligations) => new(obligations.ToList(), null);

    /// <summary>The rule has no generator in this checker yet: every certificate of it is rejected.</summary>
    public static RulePlan NotImplemented(CertificateRule rule) =>
        Reject($"rule '{rule.Name()}' has no VC generator in this checker yet");
}
