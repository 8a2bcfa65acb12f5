using KernelC.IR;
using ValueType = KernelC.IR.ValueType;
using KernelC.Passes.Fusion;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests.Broken;

/// <summary>A malicious pass: runs the honest fuse, then changes the result and ships a certificate that looks
/// right (rule Congruence, hashes of exactly this step). Only the checker's own obligations can catch it.</summary>
public abstract class SabotagedFuse : IPass
{
    public abstract string Name { get; }

    protected abstract Module Sabotage(Module fused);

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        var honest = new FusePass().Run(input, new PassSpec(FusePass.PassName, EqArray<string>.Empty), diags);
        if (honest is null) return null;
        var output = Sabotage(honest.Module);
        if (output == honest.Module) throw new InvalidOperationException($"{Name}: nothing to sabotage in this module");
        var cert = new Certificate(FusePass.PassName, CertificateRule.Congruence, IrHash.Of(input), IrHash.Of(output), honest.Certificate.Hints);
        return new PassOutput(output, cert);
    }

    /// <summary>The module with compute <paramref name="name"/> of its only kernel replaced.</summary>
    protected static Module Replace(Module m, string name, Func<Instr, Kernel, Instr> change)
    {
        var k = m.Kernels.Single();
        int at = Inliner.IndexOf(k, name);
        return new Module(EqArray.Of(k with { Body = k.Body.SetItem(at, change(k.Body[at], k)) }));
    }

    /// <summary>The compute with instructions appended to its top-level region and a new yield.</summary>
    protected static Instr Append(Instr compute, IEnumerable<Instr> extra, Value newYield)
    {
        var r = compute.Body!;
        return compute with { Body = new Region(r.Indices, r.Body.Items.AddRange(extra).ToEqArray(), newYield) };
    }

    protected static Value Scalar(FreshNames names, string stem, DType t) => new(names.Next(stem), ValueType.Scalar(t));
}
