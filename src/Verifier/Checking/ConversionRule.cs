using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>The VC generator of rule conversion. Not written yet: every conversion certificate is rejected.</summary>
internal static class ConversionRule
{
    public static RulePlan Plan(Module before, Module after, IReadOnlyList<Kernel> kernels, Certificate cert, CheckContext ctx) =>
        RulePlan.NotImplemented(cert.Rule);
}
