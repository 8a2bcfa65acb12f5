using KernelC.Verifier.Solvers;

namespace KernelC.Passes.Tests.Flash;

/// <summary>A fact that needs the cvc5 binary: skipped, with the reason stated, when it is not installed.</summary>
public sealed class FlashCvc5FactAttribute : FactAttribute
{
    public FlashCvc5FactAttribute()
    {
        if (!Cvc5Solver.IsAvailable()) Skip = "cvc5 not installed: apt-get install cvc5";
    }
}
