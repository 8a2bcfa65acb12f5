using KernelC.IR;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests.Broken;

/// <summary>rounding: changes the first cast to f16 from round-to-nearest-even (rn) to round-toward-zero (rz).
/// Equal whenever the value is exact in f16 or the nearest is toward zero; wrong otherwise.</summary>
public sealed class RoundingPass : SabotagedFuse
{
    public override string Name => "rounding";

    protected override Module Sabotage(Module fused)
    {
        var k = fused.Kernels.Single();
        var target = k.Body.First(c => IrWalk.Instructions(c.Body!.Body).Any(IsHalfCast));
        return Replace(fused, target.Result.Name, (c, _) =>
        {
            bool done = false;
            Instr Change(Instr i)
            {
                if (!done && IsHalfCast(i)) { done = true; return i with { Attrs = InstrAttrs.Cast(RoundingMode.TowardZero) }; }
                return i.Body is { } r ? i with { Body = r with { Body = r.Body.Map(Change) } } : i;
            }
            return c with { Body = c.Body! with { Body = c.Body.Body.Map(Change) } };
        });
    }

    private static bool IsHalfCast(Instr i) =>
        i.Op == Opcode.Cast && i.Result.DType == DType.F16 && i.Attrs.Rounding == RoundingMode.NearestEven;
}
