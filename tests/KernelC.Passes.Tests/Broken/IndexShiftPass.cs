using KernelC.IR;
using ValueType = KernelC.IR.ValueType;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests.Broken;

/// <summary>index-shift: in the output compute, the first load of parameter x reads x[.., c+1] instead of x[.., c]
/// (an index add on the last axis): a different element, and out of bounds at the last column.</summary>
public sealed class IndexShiftPass : SabotagedFuse
{
    public override string Name => "index-shift";

    protected override Module Sabotage(Module fused)
    {
        var k = fused.Kernels.Single();
        var output = k.Returns[0].Name;
        return Replace(fused, output, (c, kernel) =>
        {
            var names = FreshNames.For(kernel);
            var body = c.Body!.Body.Items.ToList();
            int at = body.FindIndex(i => i.Op == Opcode.Load && i.Args[0].Name == "x");
            var load = body[at];
            var one = new Value(names.Next("one"), ValueType.Scalar(DType.Index));
            var shifted = new Value(names.Next("shifted"), ValueType.Scalar(DType.Index));
            var last = load.Args[^1];
            body[at] = load with { Args = load.Args.SetItem(load.Args.Count - 1, shifted) };
            body.InsertRange(at, [
                new Instr(one, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(1)),
                Instr.Make(shifted, Opcode.Add, last, one),
            ]);
            return c with { Body = c.Body with { Body = body.ToEqArray() } };
        });
    }
}
