using KernelC.IR;
using KernelC.Passes.Quantization;

namespace KernelC.Passes.Tests.Quantization;

/// <summary>Deliberately broken variants of quantize: each runs the honest pass, then changes the IR or the hints
/// while keeping a certificate for exactly this step. The conversion rule must reject every one.</summary>
public abstract class BrokenQuantize : IPass
{
    public abstract string Name { get; }

    protected virtual Module ChangeIr(Module honest) => honest;
    protected virtual IEnumerable<CertificateHint> ChangeHints(IEnumerable<CertificateHint> hints) => hints;

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        var honest = new QuantizePass().Run(input, args with { Name = QuantizePass.PassName }, diags);
        if (honest is null) return null;
        var output = ChangeIr(honest.Module);
        var cert = honest.Certificate with
        {
            AfterHash = IrHash.Of(output),
            Hints = ChangeHints(honest.Certificate.Hints).ToEqArray(),
        };
        return new PassOutput(output, cert);
    }

    /// <summary>Every instruction of every region of the module mapped with f (pre-order, regions first).</summary>
    protected static Module MapInstrs(Module m, Func<Instr, Instr> f)
    {
        Instr Go(Instr i) => f(i.Body is { } r ? i with { Body = r with { Body = r.Body.Map(Go) } } : i);
        return new Module(m.Kernels.Map(k => k with { Body = k.Body.Map(Go) }));
    }
}

/// <summary>Rounds to f16/bf16 toward zero in the IR; the hint still says rn.</summary>
public sealed class TruncatingQuantize : BrokenQuantize
{
    public override string Name => "quantize-rz";

    protected override Module ChangeIr(Module honest) => Truncate(honest);

    public static Module Truncate(Module honest) => MapInstrs(honest, i =>
        i.Op == Opcode.Cast && i.Result.DType is DType.F16 or DType.BF16 ? i with { Attrs = InstrAttrs.Cast(RoundingMode.TowardZero) } : i);
}

/// <summary>Truncates and says so honestly (param=..:rz), but claims the round-to-nearest tolerance.</summary>
public sealed class TruncatingQuantizeHonestHint : BrokenQuantize
{
    public override string Name => "quantize-rz-hint";

    protected override Module ChangeIr(Module honest) => TruncatingQuantize.Truncate(honest);

    protected override IEnumerable<CertificateHint> ChangeHints(IEnumerable<CertificateHint> hints) =>
        hints.Select(h => h.Key == QuantizePass.ParamHint ? h with { Value = h.Value.Replace(":rn", ":rz") } : h);
}

/// <summary>Converts every parameter but reads the first one directly at its first load.</summary>
public sealed class DroppingQuantize : BrokenQuantize
{
    public override string Name => "quantize-drop";

    protected override Module ChangeIr(Module honest)
    {
        bool done = false;
        // the first "cast.rn f32 (load p_fmt[..])" pair in a consumer becomes "load p[..]" again
        Instr Go(Instr i, Kernel k)
        {
            if (i.Body is not { } r) return i;
            var list = new List<Instr>();
            for (int j = 0; j < r.Body.Count; j++)
            {
                var cur = r.Body[j];
                if (!done && j + 1 < r.Body.Count && cur.Op == Opcode.Load && cur.Result.DType is DType.F16 or DType.BF16
                    && r.Body[j + 1] is { Op: Opcode.Cast } cast && cast.Args[0] == cur.Result
                    && k.Body.FirstOrDefault(c => c.Result == cur.Args[0])?.Body?.Body[0] is { Op: Opcode.Load } orig)
                {
                    list.Add(cur with { Result = cast.Result, Args = cur.Args.SetItem(0, orig.Args[0]) });
                    j++;
                    done = true;
                    continue;
                }
                list.Add(Go(cur, k));
            }
            return i with { Body = r with { Body = list.ToEqArray() } };
        }
        return new Module(honest.Kernels.Map(k => k with { Body = k.Body.Map(c => Go(c, k)) }));
    }
}

/// <summary>Declares an input range beyond the format (values that overflow f16).</summary>
public sealed class OverflowRangeQuantize : BrokenQuantize
{
    public override string Name => "quantize-overflow";

    protected override IEnumerable<CertificateHint> ChangeHints(IEnumerable<CertificateHint> hints) =>
        hints.Select(h => h.Key == QuantizePass.RangeHint ? h with { Value = "2^-14..1e6" } : h);
}
