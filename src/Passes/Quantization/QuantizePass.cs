using KernelC.IR;

namespace KernelC.Passes.Quantization;

/// <summary>The built-in pass <c>quantize(f16)</c> / <c>quantize(bf16)</c> [<c>quantize(f16, q, k)</c> names the
/// parameters; default: every f32 parameter of every kernel]: f16/bf16 storage with f32 arithmetic, at the tensor
/// level (see <see cref="StorageCopy"/>). Each element of a converted parameter p is read as f32(rn_fmt(p[..])).
/// Certificate: rule Conversion with hints
///   param=&lt;p&gt;:&lt;fmt&gt;:rn      one per converted parameter ("&lt;kernel&gt;.&lt;p&gt;" in a module of several kernels);
///   range=&lt;lo&gt;..&lt;hi&gt;          the declared range of |x| for the inputs: the format's normal range;
///   tolerance=2^-p            the stated relative bound of one conversion (u = 2^-11 f16, 2^-8 bf16).
/// The pass states, the checker proves: nothing else changed (bit-exact, all sizes), and |rn(x) − x| ≤ u·|x| for
/// every f32 x in the range (IEEE). <c>quantize(i8, ...)</c>: int8 weights with scales, see <see cref="QuantizeInt8"/>.</summary>
public sealed class QuantizePass : IPass
{
    public const string PassName = "quantize";
    public const string ParamHint = "param";
    public const string RangeHint = "range";
    public const string ToleranceHint = "tolerance";

    public string Name => PassName;

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        if (args.Args.IsEmpty)
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline", $"pass '{PassName}' needs a format: quantize(f16) or quantize(bf16) [, parameters...]");
            return null;
        }
        var fmtName = args.Args[0];
        if (fmtName == "i8") return QuantizeInt8.Run(input, args, diags);
        if (StorageFormat.Parse(fmtName) is not { } format)
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline", $"quantize: unknown format '{fmtName}' in '{args}'; expected f16 or bf16");
            return null;
        }
        var named = args.Args.Items.Skip(1).ToList();
        if (named.Distinct(StringComparer.Ordinal).Count() != named.Count)
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline", $"quantize: a parameter is named twice in '{args}'");
            return null;
        }
        foreach (var n in named)
        {
            var found = input.Kernels.SelectMany(k => k.Params).Where(p => p.Name == n).ToList();
            if (found.Count == 0 || found.Any(p => p.DType != DType.F32))
            {
                var what = found.Count == 0 ? "no kernel has a parameter" : "the parameter is not f32:";
                diags.Error(QuantizeDiagnosticIds.NotAnF32Parameter, "--pipeline",
                    $"quantize: {what} '{n}' (only f32 parameters are stored as {format.Name})");
                return null;
            }
        }

        bool qualify = input.Kernels.Count > 1;
        var hints = new List<CertificateHint>();
        var kernels = input.Kernels.Map(k =>
        {
            var chosen = k.Params.Where(p => p.DType == DType.F32 && (named.Count == 0 || named.Contains(p.Name))).ToList();
            foreach (var p in chosen)
                hints.Add(new CertificateHint(ParamHint, $"{(qualify ? k.Name + "." : "")}{p.Name}:{format.Name}:rn"));
            return chosen.Count == 0 ? k : StorageCopy.Apply(k, chosen, format);
        });
        hints.Add(new CertificateHint(RangeHint, format.NormalRangeText));
        hints.Add(new CertificateHint(ToleranceHint, format.RneToleranceText));
        var output = new Module(kernels);
        var cert = new Certificate(PassName, CertificateRule.Conversion, IrHash.Of(input), IrHash.Of(output), hints.ToEqArray());
        return new PassOutput(output, cert);
    }
}
