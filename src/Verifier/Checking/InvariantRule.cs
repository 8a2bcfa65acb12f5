using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>The VC generator of rule invariant. Not written yet: every invariant certificate is rejected.</summary>
internal static class InvariantRule
{
    public static RulePlan Plan(Module before, Module after, IReadOnlyList<Kernel> kernels, Certificate cert, CheckContext ctx) =>
        RulePlan.NotImplemented(cert.Rule);
}
