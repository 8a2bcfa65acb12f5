using KernelC.IR;
using KernelC.Passes;

namespace StrengthReduce;

/// <summary>Pass <c>strength-reduce</c>: rewrites <c>mul x, 2</c> (either operand order) into <c>add x, x</c>.
/// Identity: in IEEE arithmetic of one format, x·2 = x + x exactly, including ±0, ±inf, NaN and subnormals
/// (both are the one correctly rounded value of 2x), so the rewrite is bit-exact and the checker can prove it
/// under rule Congruence for all sizes. Takes no arguments.</summary>
public sealed class StrengthReducePass : IPass
{
    public string Name => "strength-reduce";

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        if (!args.Args.IsEmpty)
        {
            diags.Error("KC0503", "--pipeline", $"pass '{Name}' takes no arguments, found '{args}'");
            return null;
        }
        int rewritten = 0;
        var output = new Module(input.Kernels.Map(k => k with { Body = k.Body.Map(c => Rewrite(c, ref rewritten)) }));
        var cert = new Certificate(Name, CertificateRule.Congruence, IrHash.Of(input), IrHash.Of(output),
            EqArray.Of(new CertificateHint("rewritten", rewritten.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return new PassOutput(output, cert);
    }

    private static Instr Rewrite(Instr compute, ref int rewritten)
    {
        if (compute.Body is not { } region) return compute;
        // Float constants equal to 2 seen so far in this compute; an operand naming one is in scope, so it is one.
        return compute with { Body = RewriteIn(region, new HashSet<string>(StringComparer.Ordinal), ref rewritten) };
    }

    private static Region RewriteIn(Region r, HashSet<string> twos, ref int rewritten)
    {
        var body = new List<Instr>(r.Body.Count);
        foreach (var i in r.Body)
        {
            var next = i;
            if (i.Op == Opcode.Const && i.Result.DType.IsFloat() && i.Attrs.Number == 2.0) twos.Add(i.Result.Name);
            if (i.Op == Opcode.Mul && i.Result.DType.IsFloat() && i.Args.Count == 2)
            {
                Value? x = twos.Contains(i.Args[1].Name) ? i.Args[0] : twos.Contains(i.Args[0].Name) ? i.Args[1] : null;
                if (x is not null)
                {
                    next = Instr.Make(i.Result, Opcode.Add, x, x);
                    rewritten++;
                }
            }
            if (next.Body is { } inner) next = next with { Body = RewriteIn(inner, twos, ref rewritten) };
            body.Add(next);
        }
        return new Region(r.Indices, body.ToEqArray(), r.Yield);
    }
}
