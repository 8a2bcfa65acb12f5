using KernelC.IR;

namespace KernelC.Passes.Quantization;

/// <summary><c>quantize(i8 [, w...] [, per_channel | per_tensor])</c>: int8 weights with symmetric scales computed
/// in the kernel (<see cref="Int8Weights"/>), f32 arithmetic. The weights are the named parameters, by default every
/// f32 parameter of a kernel except its first (the activation input by the convention of the examples: matmul(a, b)
/// quantizes b; gelu_mlp(x, w1, w2) quantizes w1 and w2). per_tensor (the default): one scale per tensor;
/// per_channel: one scale per index of the LAST axis (the output channel of an x·w layout). The words per_tensor and
/// per_channel are keywords, not parameter names.
/// Certificate: rule Conversion with hints
///   param=&lt;p&gt;:i8:rn:&lt;tensor|axisJ&gt;:127   one per weight ("&lt;kernel&gt;.&lt;p&gt;" in a module of several kernels);
///   amax-range=2^-119..2^126            the declared range of a nonzero scale group's max|w| (zero is always allowed);
///   delta=2^-14                         the stated δ of |deq(w) − w| ≤ s/2·(1 + δ).</summary>
public static class QuantizeInt8
{
    public const string PerChannel = "per_channel", PerTensor = "per_tensor";
    public const string AmaxRangeHint = "amax-range", DeltaHint = "delta";
    public const string DefaultAmaxRange = "2^-119..2^126", DefaultDelta = "2^-14";

    public static PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        var rest = args.Args.Items.Skip(1).ToList();
        bool perChannel = rest.Contains(PerChannel);
        if (perChannel && rest.Contains(PerTensor))
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline", $"quantize: '{args}' asks for both {PerChannel} and {PerTensor}");
            return null;
        }
        var named = rest.Where(a => a is not (PerChannel or PerTensor)).ToList();
        if (named.Distinct(StringComparer.Ordinal).Count() != named.Count || rest.Count - named.Count > 1)
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline", $"quantize: a parameter or keyword is named twice in '{args}'");
            return null;
        }
        foreach (var n in named)
        {
            var found = input.Kernels.SelectMany(k => k.Params).Where(p => p.Name == n).ToList();
            if (found.Count == 0 || found.Any(p => p.DType != DType.F32))
            {
                var what = found.Count == 0 ? "no kernel has a parameter" : "the parameter is not f32:";
                diags.Error(QuantizeDiagnosticIds.NotAnF32Parameter, "--pipeline", $"quantize: {what} '{n}' (only f32 weights are stored as i8)");
                return null;
            }
        }

        bool qualify = input.Kernels.Count > 1;
        var hints = new List<CertificateHint>();
        var kernels = new List<Kernel>();
        foreach (var k in input.Kernels)
        {
            var chosen = named.Count > 0
                ? k.Params.Where(p => named.Contains(p.Name)).ToList()
                : k.Params.Skip(1).Where(p => p.DType == DType.F32).ToList();
            var choices = new List<Int8Weights.Choice>();
            foreach (var p in chosen)
            {
                int rank = p.Type.Shape.Count;
                if (rank < (perChannel ? 2 : 1))
                {
                    diags.Error(QuantizeDiagnosticIds.NotQuantizableToInt8, "--pipeline",
                        $"quantize(i8): parameter '{p.Name}' of @{k.Name} has rank {rank}; {(perChannel ? PerChannel + " needs rank 2 or more" : "a scalar is not a weight tensor")}");
                    return null;
                }
                int? axis = perChannel ? rank - 1 : null;
                choices.Add(new Int8Weights.Choice(p, axis));
                hints.Add(new CertificateHint(QuantizePass.ParamHint,
                    $"{(qualify ? k.Name + "." : "")}{p.Name}:i8:rn:{(axis is int a ? "axis" + a : "tensor")}:{Int8Weights.Levels}"));
            }
            kernels.Add(choices.Count == 0 ? k : Int8Weights.Apply(k, choices));
        }
        if (hints.Count == 0)
        {
            diags.Error(QuantizeDiagnosticIds.NotQuantizableToInt8, "--pipeline",
                "quantize(i8): no weight parameter to quantize (the default weights are the f32 parameters after each kernel's first); name them: quantize(i8, w)");
            return null;
        }
        hints.Add(new CertificateHint(AmaxRangeHint, DefaultAmaxRange));
        hints.Add(new CertificateHint(DeltaHint, DefaultDelta));
        var output = new Module(kernels.ToEqArray());
        var cert = new Certificate(QuantizePass.PassName, CertificateRule.Conversion, IrHash.Of(input), IrHash.Of(output), hints.ToEqArray());
        return new PassOutput(output, cert);
    }
}
