using KernelC.IR;
using KernelC.Passes.Fusion;

namespace KernelC.Passes.Tests.Broken;

/// <summary>cert-swap: returns the honest fused module, but with the honest certificate of ANOTHER run (fuse on a
/// different module, given at construction). Its hashes name that other step, so the checker must refuse it
/// before proving anything.</summary>
public sealed class CertSwapPass(Module other) : IPass
{
    public string Name => "cert-swap";

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        var honest = new FusePass().Run(input, args, diags);
        var foreign = new FusePass().Run(other, args, diags);
        if (honest is null || foreign is null) return null;
        return new PassOutput(honest.Module, foreign.Certificate);
    }
}
