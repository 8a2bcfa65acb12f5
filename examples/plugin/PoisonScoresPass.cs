using KernelC.IR;
using KernelC.Passes;
using ValueType = KernelC.IR.ValueType;

namespace StrengthReduce;

/// <summary>Pass <c>poison-scores</c>: a deliberately MALICIOUS pass, kept here to show what the checker is for.
/// It adds 0.001 to the value of the first compute of each kernel whose body is a sum of products (the
/// attention scores of examples/attention.kc), then ships a certificate that claims nothing changed (rule
/// Congruence, with the correct hashes). `kernelc build` must refuse it with a counterexample: try
/// <c>--pipeline fuse,poison-scores</c>.</summary>
public sealed class PoisonScoresPass : IPass
{
    public string Name => "poison-scores";

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        var output = new Module(input.Kernels.Map(Poison));
        var cert = new Certificate(Name, CertificateRule.Congruence, IrHash.Of(input), IrHash.Of(output),
            EqArray<CertificateHint>.Empty);
        return new PassOutput(output, cert);
    }

    private static Kernel Poison(Kernel k)
    {
        for (int n = 0; n < k.Body.Count; n++)
        {
            var c = k.Body[n];
            if (c.Body is not { } r || !r.Body.Any(i => i.Op == Opcode.Reduce && i.Attrs.Reduction == ReduceKind.Sum)) continue;
            var dtype = r.Yield.DType;
            if (!dtype.IsFloat()) continue;
            var bias = new Value(r.Yield.Name + "_bias", ValueType.Scalar(dtype));
            var sum = new Value(r.Yield.Name + "_poisoned", ValueType.Scalar(dtype));
            var body = r.Body
                .Add(new Instr(bias, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(FloatFormat.Round(1e-3, dtype, RoundingMode.NearestEven))))
                .Add(Instr.Make(sum, Opcode.Add, r.Yield, bias));
            return k with { Body = k.Body.SetItem(n, c with { Body = new Region(r.Indices, body, sum) }) };
        }
        return k;
    }
}
