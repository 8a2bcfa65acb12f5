using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Interp;

internal enum OperandKind : byte { None, Register, Immediate, Special, Vector, AddressRegister, AddressParam, AddressShared, SharedSymbol, Label }

internal enum SpecialRegister : byte { TidX, TidY, TidZ, NtidX, NtidY, NtidZ, CtaidX, CtaidY, CtaidZ, NctaidX, NctaidY, NctaidZ, LaneId, WarpId, DynamicSmemSize }

/// <summary>A decoded operand: registers by index, immediates as values, addresses resolved to their space
/// (a shared variable's offset is folded into Offset).</summary>
internal readonly record struct Operand<T>(OperandKind Kind, int Index, long Offset, PtxValue<T> Immediate, int[]? Registers, SpecialRegister Special);

/// <summary>One decoded instruction.</summary>
internal sealed record Instr<T>(PtxInstruction Source, PtxForm Form, int Guard, bool GuardNegated, Operand<T>[] Operands, int Target);

/// <summary>An entry prepared for execution: registers numbered, operands decoded, shared memory laid out, branch
/// reconvergence points computed. Static shared arrays are placed in declaration order (module level first), each at
/// its alignment; every .extern .shared array starts at DynamicBase, the static size rounded up to 16 (or the largest
/// extern alignment).</summary>
internal sealed class KernelImage<T>
{
    public required PtxEntry Entry { get; init; }
    public required int RegisterCount { get; init; }
    public required Instr<T>[] Code { get; init; }
    public required int[] Reconverge { get; init; }
    public required long DynamicBase { get; init; }
    /// <summary>The end of the static shared arrays (the block's shared size when no dynamic memory is launched).</summary>
    public required long StaticEnd { get; init; }

    /// <summary>The block's shared memory size: exactly the static arrays, or up to DynamicBase + the dynamic bytes.</summary>
    public long SharedBytes(int dynamicBytes) => dynamicBytes > 0 ? DynamicBase + dynamicBytes : StaticEnd;

    public static KernelImage<T> Build(PtxModule module, PtxEntry entry, IPtxDomain<T> domain)
    {
        var regIndex = new Dictionary<string, int>();
        foreach (var d in entry.Registers)
            foreach (var name in d.Names()) regIndex.TryAdd(name, regIndex.Count);

        var shared = new Dictionary<string, long>();
        long offset = 0;
        int externAlign = 16;
        foreach (var s in module.Shared.Concat(entry.Shared))
        {
            int align = s.Align != 0 ? s.Align : Math.Max(1, s.ElementType.Bytes());
            if (s.Extern) { externAlign = Math.Max(externAlign, align); continue; }
            offset = (offset + align - 1) / align * align;
            shared[s.Name] = offset;
            offset += s.Bytes;
        }
        long dynamicBase = (offset + externAlign - 1) / externAlign * externAlign;
        foreach (var s in module.Shared.Concat(entry.Shared))
            if (s.Extern) shared[s.Name] = dynamicBase;

        var prmIndex = entry.Params.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var labels = entry.Labels.ToDictionary(l => l.Name, l => l.Index);
        var code = new Instr<T>[entry.Instructions.Count];
        for (int pc = 0; pc < code.Length; pc++)
        {
            var src = entry.Instructions[pc];
            var form = PtxDecoder.Decode(src, out var err)
                ?? throw new InvalidOperationException($"a validated instruction does not decode: {src} ({err?.Message})");
            var ops = new Operand<T>[src.Operands.Count];
            int target = -1;
            for (int k = 0; k < ops.Length; k++)
            {
                var slotType = form.Slots[k].Type;
                ops[k] = src.Operands[k] switch
                {
                    PtxOperand.Register r => new Operand<T>(OperandKind.Register, regIndex[r.Name], 0, default, null, default),
                    PtxOperand.ImmInt i => new Operand<T>(OperandKind.Immediate, 0, 0,
                        PtxValue<T>.OfBits(unchecked((ulong)i.Value) & PtxSemantics<T>.Mask(slotType.Bits())), null, default),
                    PtxOperand.ImmFloat f => new Operand<T>(OperandKind.Immediate, 0, 0, FloatImmediate(f, slotType, domain), null, default),
                    PtxOperand.Special s => new Operand<T>(OperandKind.Special, 0, 0, default, null, ParseSpecial(s.Name)),
                    PtxOperand.Vector v => new Operand<T>(OperandKind.Vector, 0, 0, default,
                        v.Elements.Select(e => regIndex[((PtxOperand.Register)e).Name]).ToArray(), default),
                    PtxOperand.Address a when a.BaseIsRegister => new Operand<T>(OperandKind.AddressRegister, regIndex[a.Base], a.Offset, default, null, default),
                    PtxOperand.Address a when prmIndex.ContainsKey(a.Base) => new Operand<T>(OperandKind.AddressParam, prmIndex[a.Base], a.Offset, default, null, default),
                    PtxOperand.Address a => new Operand<T>(OperandKind.AddressShared, 0, shared[a.Base] + a.Offset, default, null, default),
                    PtxOperand.Symbol s when form.Op == PtxOp.Bra => new Operand<T>(OperandKind.Label, target = labels[s.Name], 0, default, null, default),
                    PtxOperand.Symbol s => new Operand<T>(OperandKind.SharedSymbol, 0, shared[s.Name], default, null, default),
                    var o => throw new InvalidOperationException($"operand {o} of {src}"),
                };
            }
            int guard = src.Guard is { } g ? regIndex[g.Register] : -1;
            code[pc] = new Instr<T>(src, form, guard, src.Guard?.Negated ?? false, ops, target);
        }
        var reconv = ControlFlow.Reconvergence(code.Select(c => c.Form).ToList(), code.Select(c => c.Guard >= 0).ToList(),
            code.Select(c => c.Target).ToList());
        return new KernelImage<T> { Entry = entry, RegisterCount = regIndex.Count, Code = code, Reconverge = reconv, DynamicBase = dynamicBase, StaticEnd = offset };
    }

    /// <summary>A float immediate as a value of the slot's type (decimal literals are rounded to it, RNE).</summary>
    private static PtxValue<T> FloatImmediate(PtxOperand.ImmFloat f, PtxType slot, IPtxDomain<T> domain)
    {
        var t = PtxSemantics<T>.FloatDType(slot);
        double v = FloatFormat.Round(f.Value, t, RoundingMode.NearestEven);
        return PtxValue<T>.OfFloat(domain.FromBits(FloatFormat.ToBits(v, t), t), t);
    }

    private static SpecialRegister ParseSpecial(string name) => name switch
    {
        "%tid.x" => SpecialRegister.TidX, "%tid.y" => SpecialRegister.TidY, "%tid.z" => SpecialRegister.TidZ,
        "%ntid.x" => SpecialRegister.NtidX, "%ntid.y" => SpecialRegister.NtidY, "%ntid.z" => SpecialRegister.NtidZ,
        "%ctaid.x" => SpecialRegister.CtaidX, "%ctaid.y" => SpecialRegister.CtaidY, "%ctaid.z" => SpecialRegister.CtaidZ,
        "%nctaid.x" => SpecialRegister.NctaidX, "%nctaid.y" => SpecialRegister.NctaidY, "%nctaid.z" => SpecialRegister.NctaidZ,
        "%laneid" => SpecialRegister.LaneId, "%warpid" => SpecialRegister.WarpId,
        "%dynamic_smem_size" => SpecialRegister.DynamicSmemSize,
        _ => throw new InvalidOperationException($"special register {name}"),
    };
}
