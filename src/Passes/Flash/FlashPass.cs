using System.Globalization;
using KernelC.IR;

namespace KernelC.Passes.Flash;

/// <summary>The built-in pass <c>flash(Bq, Bk)</c>: rewrites each kernel with the (fused) attention pattern
/// (<see cref="AttentionPattern"/>) into one parallel over query blocks of Bq rows whose tile is an online-softmax
/// for loop over key blocks of Bk keys (<see cref="FlashKernelText"/>). Kernels without the pattern are kept.
/// Certificate: rule Invariant, hints invariant (the form the checker proves) and blocks=Bq,Bk.</summary>
public sealed class FlashPass : IPass
{
    public const string PassName = "flash";
    public const string InvariantText = "m = (kb = 0 ? -inf : PM(kb)); l = PL(kb, m); acc[d] = PA(kb, m, d)";

    public string Name => PassName;

    /// <summary>Sabotage for tests only (null in the built-in pass).</summary>
    public FlashSabotage Sabotage { get; init; } = FlashSabotage.None;

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        if (args.Args.Count != 2 || !long.TryParse(args.Args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bq)
            || !long.TryParse(args.Args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bk)
            || bq < 1 || bk < 1 || bq > 1024 || bk > 1024 || bq % bk != 0)
        {
            diags.Error(FlashDiagnosticIds.BadArguments, "--pipeline", $"pass '{PassName}' takes flash(Bq, Bk): positive integers <= 1024 with Bq % Bk == 0, found '{args}'");
            return null;
        }
        bool any = false;
        var kernels = new List<Kernel>();
        foreach (var k in input.Kernels)
        {
            var pat = AttentionPattern.Match(k);
            if (pat is null) { kernels.Add(k); continue; }
            if (!Divides(k, pat.N, bq) || !Divides(k, pat.N, bk))
            {
                diags.Error(FlashDiagnosticIds.NotDivisible, "--pipeline",
                    $"flash({bq},{bk}) on @{k.Name} needs {pat.N} % {bq} == 0 and {pat.N} % {bk} == 0 in the where clause");
                return null;
            }
            var text = FlashKernelText.Build(k, pat, bq, bk, Sabotage);
            var d = new DiagnosticBag();
            var m = IrParser.Parse(new SourceText("flash", text), d);
            if (m is null || d.HasErrors)
                throw new InvalidOperationException("flash produced invalid IR: " + string.Join("; ", d.Items.Select(x => x.Format())));
            kernels.Add(m.Kernels[0]);
            any = true;
        }
        if (!any)
        {
            diags.Error(FlashDiagnosticIds.NoAttention, "--pipeline", $"pass '{PassName}': no kernel has the attention pattern (run fuse first)");
            return null;
        }
        var output = new Module(kernels.ToEqArray());
        var cert = new Certificate(PassName, CertificateRule.Invariant, IrHash.Of(input), IrHash.Of(output), EqArray.Of(
            new CertificateHint("invariant", InvariantText),
            new CertificateHint("blocks", $"{bq},{bk}")));
        return new PassOutput(output, cert);
    }

    private static bool Divides(Kernel k, string dim, long b) =>
        k.Constraints.Any(c => c.Dim == dim && c.Kind == DimConstraintKind.DivisibleBy && c.Values[0] % b == 0);
}

/// <summary>Deliberate bugs for the checker's tests. LoopPastEnd: the key loop runs one block too far (bound + Bk), so
/// the last block loads keys and values past N.</summary>
public enum FlashSabotage { None, NoRescale, MaxAsAdd, FlippedMask, BiasFirstBlock, NoGuard, LoopPastEnd }
