using KernelC.IR;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests.Broken;

/// <summary>bias: adds 1e-3 (as f32) to the attention scores — the compute named s, else the first compute that
/// reads both q and k. Wrong for every input: s + 0.001 ≠ s for ordinary scores.</summary>
public sealed class BiasPass : SabotagedFuse
{
    public override string Name => "bias";

    protected override Module Sabotage(Module fused)
    {
        var k = fused.Kernels.Single();
        var target = k.Body.FirstOrDefault(c => c.Result.Name == "s")
            ?? k.Body.First(c => IrWalk.Reads(c, "q") && IrWalk.Reads(c, "k"));
        return Replace(fused, target.Result.Name, (c, kernel) =>
        {
            var names = FreshNames.For(kernel);
            var t = c.Body!.Yield.DType;
            var bias = Scalar(names, "bias", t);
            var sum = Scalar(names, "biased", t);
            return Append(c, [
                new Instr(bias, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const((double)1e-3f)),
                Instr.Make(sum, Opcode.Add, c.Body.Yield, bias),
            ], sum);
        });
    }
}
