using KernelC.IR;

namespace KernelC.Passes.Fusion;

/// <summary>The built-in pass <c>fuse</c> (no arguments): producer-consumer fusion by inlining, bit-exact, to a
/// fixed point (rules in <see cref="FusionPlanner"/>). Certificate: rule Congruence, the hashes of the IR before
/// and after, and the hint ("inlined", producers in the order they were inlined, comma-separated; in a module of
/// several kernels each entry is "kernel.producer"). No change still yields a certificate, with before == after.</summary>
public sealed class FusePass : IPass
{
    public const string PassName = "fuse";
    public const string InlinedHint = "inlined";

    public string Name => PassName;

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        if (!args.Args.IsEmpty)
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline", $"pass '{PassName}' takes no arguments, found '{args}'");
            return null;
        }
        var inlined = new List<string>();
        bool qualify = input.Kernels.Count > 1;
        var kernels = input.Kernels.Map(k =>
        {
            var mine = new List<string>();
            var fused = FusionPlanner.Fuse(k, mine);
            inlined.AddRange(mine.Select(p => qualify ? $"{k.Name}.{p}" : p));
            return fused;
        });
        var output = new Module(kernels);
        var cert = new Certificate(PassName, CertificateRule.Congruence, IrHash.Of(input), IrHash.Of(output),
            EqArray.Of(new CertificateHint(InlinedHint, string.Join(",", inlined))));
        return new PassOutput(output, cert);
    }
}
