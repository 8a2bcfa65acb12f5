using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>The VC generator of rule tiling. Not written yet: every tiling certificate is rejected.</summary>
internal static class TilingRule
{
    public static RulePlan Plan(Module before, Module after, IReadOnlyList<Kernel> kernels, Certificate cert, CheckContext ctx) =>
        RulePlan.NotImplemented(cert.Rule);
}
