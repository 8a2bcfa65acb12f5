using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Reader;

/// <summary>Checks one instruction: it decodes (opcode and modifiers), its target needs are met, and each operand
/// has the kind and register type its slot asks for, with addresses in the right state space and statically aligned.</summary>
internal sealed class PtxInstructionChecker(PtxValidator v, Dictionary<string, PtxType> regs, Dictionary<string, PtxParam> prms,
    Dictionary<string, PtxSharedDecl> shared, Dictionary<string, int> labels, int sm, int version)
{
    public void Check(ParsedInstruction p)
    {
        var instr = p.Instruction;
        if (instr.Guard is { } g) CheckRegister(g.Register, p.GuardOffset, PtxType.Pred, null);
        var form = PtxDecoder.Decode(instr, out var error);
        if (form is null)
        {
            var e = error!;
            if (e.UnknownOpcode) v.Report(PtxDiagnosticIds.UnknownOpcode, p.OpcodeOffset, instr.Opcode.Length, e.Message);
            else if (e.ModifierIndex >= 0) v.Report(PtxDiagnosticIds.BadModifier, p.ModifierOffsets[e.ModifierIndex], instr.Modifiers[e.ModifierIndex].Length + 1, e.Message);
            else if (e.OperandIndex >= 0) v.Report(PtxDiagnosticIds.BadOperand, p.OperandOffsets[e.OperandIndex], 1, e.Message);
            else if (e.Message.Contains("operand", StringComparison.Ordinal)) v.Report(PtxDiagnosticIds.BadOperand, p.OpcodeOffset, instr.Opcode.Length, e.Message);
            else v.Report(PtxDiagnosticIds.BadModifier, p.OpcodeOffset, instr.Opcode.Length, e.Message);
            return;
        }
        if (form.MinSm > sm)
            v.Report(PtxDiagnosticIds.TargetTooOld, p.OpcodeOffset, instr.Opcode.Length, $"{Spelling(instr)} needs sm_{form.MinSm} or later (the target is sm_{sm})");
        if (form.MinVersion > version)
            v.Report(PtxDiagnosticIds.VersionTooOld, p.OpcodeOffset, instr.Opcode.Length,
                $"{Spelling(instr)} needs .version {form.MinVersion / 10}.{form.MinVersion % 10} or later (found {version / 10}.{version % 10})");
        for (int i = 0; i < form.Slots.Count; i++) CheckOperand(form, form.Slots[i], instr.Operands[i], p, i);
    }

    private static string Spelling(PtxInstruction i) => i.Opcode + string.Concat(i.Modifiers.Select(m => "." + m));

    private void CheckOperand(PtxForm form, PtxSlot slot, PtxOperand op, ParsedInstruction p, int index)
    {
        int at = p.OperandOffsets[index];
        switch (slot.Kind)
        {
            case PtxSlotKind.Dest:
                if (op is PtxOperand.Register r) CheckRegister(r.Name, at, slot.Type, form);
                else v.Report(PtxDiagnosticIds.BadOperand, at, 1, $"operand {index + 1} of {p.Instruction.Opcode} is written: it must be a register, found {op}");
                break;
            case PtxSlotKind.Source:
                CheckSource(form, slot, op, at, index, p);
                break;
            case PtxSlotKind.DestVector or PtxSlotKind.SourceVector:
                if (op is PtxOperand.Vector vec && vec.Elements.Count == slot.Count)
                {
                    for (int k = 0; k < vec.Elements.Count; k++)
                        CheckRegister(((PtxOperand.Register)vec.Elements[k]).Name, p.ElementOffsets[index][k], slot.Type, form);
                }
                else v.Report(PtxDiagnosticIds.BadOperand, at, 1, $"operand {index + 1} of {p.Instruction.Opcode} must be a vector of {slot.Count} registers {{...}}, found {op}");
                break;
            case PtxSlotKind.Address:
                if (op is PtxOperand.Address a) CheckAddress(form, slot, a, at, p);
                else v.Report(PtxDiagnosticIds.BadOperand, at, 1, $"operand {index + 1} of {p.Instruction.Opcode} must be an address [...], found {op}");
                break;
            case PtxSlotKind.Label:
                if (op is PtxOperand.Symbol s)
                {
                    if (!labels.ContainsKey(s.Name)) v.Report(PtxDiagnosticIds.UnknownLabel, at, s.Name.Length, $"no label '{s.Name}' in this kernel");
                }
                else v.Report(PtxDiagnosticIds.BadOperand, at, 1, $"a branch target must be a label, found {op}");
                break;
        }
    }

    private void CheckSource(PtxForm form, PtxSlot slot, PtxOperand op, int at, int index, ParsedInstruction p)
    {
        var t = slot.Type;
        switch (op)
        {
            case PtxOperand.Register r:
                CheckRegister(r.Name, at, t, form);
                break;
            case PtxOperand.ImmInt i:
                if (t.IsFloat() || t == PtxType.Pred)
                    v.Report(PtxDiagnosticIds.BadImmediate, at, 1, $"operand {index + 1} is .{t.Name()}: an integer immediate does not fit (write a float as 0fXXXXXXXX)");
                else if (!FitsInteger(i.Value, t.Bits()))
                    v.Report(PtxDiagnosticIds.BadImmediate, at, 1, $"immediate {i.Value} does not fit in .{t.Name()}");
                else if (form.Op == PtxOp.Bar && (i.Value < 0 || i.Value > 15))
                    v.Report(PtxDiagnosticIds.BadImmediate, at, 1, $"barrier {i.Value}: barriers are 0 to 15");
                break;
            case PtxOperand.ImmFloat f:
                if (t is not (PtxType.F32 or PtxType.F64))
                    v.Report(PtxDiagnosticIds.BadImmediate, at, 1, $"operand {index + 1} is .{t.Name()}: a float immediate does not fit");
                else if (t == PtxType.F32 && f.IsDouble && (double)(float)f.Value != f.Value)
                    v.Report(PtxDiagnosticIds.BadImmediate, at, 1, $"{f.Value} is not exactly an f32: write the f32 as 0fXXXXXXXX");
                break;
            case PtxOperand.Special s:
                if (form.Op is not (PtxOp.Mov or PtxOp.Cvt) || t.Bits() != 32 || !(t.IsInteger() || t.Kind() == PtxTypeKind.Bits))
                    v.Report(PtxDiagnosticIds.BadOperand, at, s.Name.Length, $"special register {s.Name} is read with mov.u32 (or cvt from .u32)");
                break;
            case PtxOperand.Symbol sym when form.AddressOf:
                if (prms.ContainsKey(sym.Name))
                    v.Report(PtxDiagnosticIds.StateSpace, at, sym.Name.Length, $"the address of parameter '{sym.Name}' cannot be taken (read it with ld.param)");
                else if (!shared.ContainsKey(sym.Name))
                    v.Report(PtxDiagnosticIds.UnknownVariable, at, sym.Name.Length, $"no variable '{sym.Name}'");
                break;
            default:
                v.Report(PtxDiagnosticIds.BadOperand, at, 1, $"operand {index + 1} of {p.Instruction.Opcode} must be a register or an immediate, found {op}");
                break;
        }
    }

    private static bool FitsInteger(long value, int bits) =>
        bits >= 64 || (value >= -(1L << (bits - 1)) && value <= (long)((1UL << bits) - 1));

    /// <summary>A declared register whose type fits the slot type (PtxTypes.RegisterFits), or, for ld/st/cvt of an 8- or
    /// 16-bit integer type, a wider integer register (the value is zero- or sign-extended / truncated).</summary>
    private void CheckRegister(string name, int at, PtxType slotType, PtxForm? form)
    {
        if (!regs.TryGetValue(name, out var rt))
        {
            v.Report(PtxDiagnosticIds.UndeclaredRegister, at, name.Length, $"register {name} is not declared");
            return;
        }
        if (PtxTypes.RegisterFits(rt, slotType)) return;
        bool widening = form is { Op: PtxOp.Ld or PtxOp.St or PtxOp.Cvt } && slotType.Bits() <= 16
            && slotType.Kind() is PtxTypeKind.Unsigned or PtxTypeKind.Signed or PtxTypeKind.Bits
            && rt.Kind() is PtxTypeKind.Unsigned or PtxTypeKind.Signed or PtxTypeKind.Bits && rt.Bits() > slotType.Bits();
        if (!widening)
            v.Report(PtxDiagnosticIds.RegisterType, at, name.Length, $"register {name} is .{rt.Name()}, the instruction needs .{slotType.Name()} here");
    }

    /// <summary>Addresses: .param through a parameter name (read only, inside the parameter); .shared through a shared
    /// variable or a 32/64-bit register; .global and generic through a 64-bit register. Statically known alignment must
    /// be a multiple of the access size.</summary>
    private void CheckAddress(PtxForm form, PtxSlot slot, PtxOperand.Address a, int at, ParsedInstruction p)
    {
        int size = slot.Type.Bytes() * slot.Count;
        string op = Spelling(p.Instruction);
        if (a.Offset % size != 0)
            v.Report(PtxDiagnosticIds.Misaligned, at, 1, $"{op}: offset {a.Offset} is not a multiple of the access size {size}");
        if (a.BaseIsRegister)
        {
            if (form.Space == PtxStateSpace.Param)
            {
                v.Report(PtxDiagnosticIds.StateSpace, at, 1, $"{op} reads a kernel parameter by name ([param]), not through a register");
                return;
            }
            if (!regs.TryGetValue(a.Base, out var rt))
            {
                v.Report(PtxDiagnosticIds.UndeclaredRegister, at + 1, a.Base.Length, $"register {a.Base} is not declared");
                return;
            }
            bool ok = rt.Kind() != PtxTypeKind.Float && rt != PtxType.Pred
                && (rt.Bits() == 64 || (form.Space == PtxStateSpace.Shared && rt.Bits() == 32));
            if (!ok)
                v.Report(PtxDiagnosticIds.RegisterType, at + 1, a.Base.Length,
                    $"address register {a.Base} is .{rt.Name()}: {(form.Space == PtxStateSpace.Shared ? "a shared address is a 32- or 64-bit integer" : "a global address is a 64-bit integer")}");
            return;
        }
        if (prms.TryGetValue(a.Base, out var prm))
        {
            if (form.Space != PtxStateSpace.Param)
                v.Report(PtxDiagnosticIds.StateSpace, at + 1, a.Base.Length, $"{a.Base} is a kernel parameter: read it with ld.param");
            else if (form.Op == PtxOp.St)
                v.Report(PtxDiagnosticIds.StateSpace, at + 1, a.Base.Length, $"kernel parameters are read-only (st.param)");
            else if (a.Offset < 0 || a.Offset + size > prm.Type.Bytes())
                v.Report(PtxDiagnosticIds.StateSpace, at + 1, a.Base.Length, $"{op} of {size} bytes at offset {a.Offset} is outside parameter {a.Base} ({prm.Type.Bytes()} bytes)");
            return;
        }
        if (shared.TryGetValue(a.Base, out var sh))
        {
            if (form.Space != PtxStateSpace.Shared)
            {
                v.Report(PtxDiagnosticIds.StateSpace, at + 1, a.Base.Length, $"{a.Base} is a .shared variable: access it with ld.shared/st.shared, found {op}");
                return;
            }
            int align = sh.Align != 0 ? sh.Align : sh.ElementType.Bytes();
            if (align < size)
                v.Report(PtxDiagnosticIds.Misaligned, at + 1, a.Base.Length, $"{op} needs {size}-byte alignment, '{a.Base}' is only {align}-byte aligned");
            else if (!sh.Extern && (a.Offset < 0 || a.Offset + size > sh.Bytes))
                v.Report(PtxDiagnosticIds.StateSpace, at + 1, a.Base.Length, $"{op} at offset {a.Offset} is outside '{a.Base}' ({sh.Bytes} bytes)");
            return;
        }
        v.Report(PtxDiagnosticIds.UnknownVariable, at + 1, a.Base.Length, $"no variable or parameter '{a.Base}'");
    }
}
