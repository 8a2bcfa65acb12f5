using KernelC.IR;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests.Broken;

/// <summary>activation-swap: in the compute h (the gelu epilogue of gelu_mlp) yields where(x > 3, tanh(x), gelu(x))
/// with x the pre-activation (the reduce result): right for x ≤ 3 only, so random testing around 0 misses it.</summary>
public sealed class ActivationSwapPass : SabotagedFuse
{
    public override string Name => "activation-swap";

    protected override Module Sabotage(Module fused) => Replace(fused, "h", (c, kernel) =>
    {
        var names = FreshNames.For(kernel);
        var x = c.Body!.Body.First(i => i.Op == Opcode.Reduce).Result;
        var three = Scalar(names, "three", x.DType);
        var above = Scalar(names, "above", DType.Bool);
        var tanh = Scalar(names, "tanh", x.DType);
        var swapped = Scalar(names, "swapped", x.DType);
        return Append(c, [
            new Instr(three, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(3)),
            new Instr(above, Opcode.Cmp, EqArray.Of(x, three), InstrAttrs.Cmp(CmpPred.Gt)),
            Instr.Make(tanh, Opcode.Tanh, x),
            Instr.Make(swapped, Opcode.Select, above, tanh, c.Body.Yield),
        ], swapped);
    });
}
