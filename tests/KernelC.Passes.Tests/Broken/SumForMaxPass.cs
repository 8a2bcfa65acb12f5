using KernelC.IR;

namespace KernelC.Passes.Tests.Broken;

/// <summary>sum-for-max: the first compute whose top-level region holds a reduce.max now sums instead
/// (softmax's row max m: still "subtracts something", but not the max).</summary>
public sealed class SumForMaxPass : SabotagedFuse
{
    public override string Name => "sum-for-max";

    protected override Module Sabotage(Module fused)
    {
        var k = fused.Kernels.Single();
        var target = k.Body.First(c => c.Body!.Body.Any(IsMax));
        return Replace(fused, target.Result.Name, (c, _) =>
            c with { Body = c.Body! with { Body = c.Body.Body.Map(i => IsMax(i) ? i with { Attrs = InstrAttrs.Reduce(ReduceKind.Sum) } : i) } });
    }

    private static bool IsMax(Instr i) => i.Op == Opcode.Reduce && i.Attrs.Reduction == ReduceKind.Max;
}
