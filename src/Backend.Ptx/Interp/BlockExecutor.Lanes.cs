using System.Numerics;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

internal sealed partial class BlockExecutor<T>
{
    private ref PtxValue<T> Reg(int thread, int reg) => ref _regs[(long)thread * _regCount + reg];

    /// <summary>A source operand's value for a thread (registers must have been written).</summary>
    private PtxValue<T> Read(in Operand<T> o, int thread)
    {
        switch (o.Kind)
        {
            case OperandKind.Register:
                var v = Reg(thread, o.Index);
                if (!v.IsDefined) throw new PtxSemanticsException(PtxFaultKind.UndefinedValue, $"read of register {RegName(o.Index)} before it was written");
                return v;
            case OperandKind.Immediate: return o.Immediate;
            case OperandKind.Special: return PtxValue<T>.OfBits(Special(o.Special, thread));
            case OperandKind.SharedSymbol: return PtxValue<T>.OfBits((ulong)o.Offset);
            default: throw new InvalidOperationException($"operand kind {o.Kind} is not a value");
        }
    }

    private string RegName(int index) =>
        _image.Entry.Registers.SelectMany(d => d.Names()).ElementAtOrDefault(index) ?? $"#{index}";

    private ulong Special(SpecialRegister s, int t) => s switch
    {
        SpecialRegister.TidX => (ulong)(t % _config.BlockX),
        SpecialRegister.TidY => (ulong)(t / _config.BlockX % _config.BlockY),
        SpecialRegister.TidZ => (ulong)(t / (_config.BlockX * _config.BlockY)),
        SpecialRegister.NtidX => (ulong)_config.BlockX, SpecialRegister.NtidY => (ulong)_config.BlockY, SpecialRegister.NtidZ => (ulong)_config.BlockZ,
        SpecialRegister.CtaidX => (ulong)_block.X, SpecialRegister.CtaidY => (ulong)_block.Y, SpecialRegister.CtaidZ => (ulong)_block.Z,
        SpecialRegister.NctaidX => (ulong)_config.GridX, SpecialRegister.NctaidY => (ulong)_config.GridY, SpecialRegister.NctaidZ => (ulong)_config.GridZ,
        SpecialRegister.LaneId => (ulong)(t % 32), SpecialRegister.WarpId => (ulong)(t / 32),
        SpecialRegister.DynamicSmemSize => (ulong)_config.DynamicSharedBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Executes a per-lane instruction for the executing lanes of warp w (one dispatch, then a lane loop).</summary>
    private PtxFault? ExecuteLanes(Instr<T> ins, int warp, uint exec)
    {
        var f = ins.Form;
        var ops = ins.Operands;
        int d = ops.Length > 0 ? ops[0].Index : 0;
        int base0 = 32 * warp;
        switch (f.Op)
        {
            case PtxOp.Ld or PtxOp.St:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    if ((f.Op == PtxOp.Ld ? Load(ins, t) : Store(ins, t)) is { } fault) return fault;
                }
                return null;
            case PtxOp.Mov when f.Pack:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    Reg(t, d) = _sem.Pack(f, ReadReg(ops[1].Registers![0], t), ReadReg(ops[1].Registers![1], t));
                }
                return null;
            case PtxOp.Mov when f.Unpack:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    var (lo, hi) = _sem.Unpack(f, Read(ops[1], t));
                    Reg(t, ops[0].Registers![0]) = lo;
                    Reg(t, ops[0].Registers![1]) = hi;
                }
                return null;
            case PtxOp.Mov or PtxOp.Cvta or PtxOp.Neg or PtxOp.Abs or PtxOp.Not or PtxOp.Ex2 or PtxOp.Lg2 or PtxOp.Tanh or PtxOp.Rcp or PtxOp.Sqrt:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    Reg(t, d) = _sem.Unary(f, Read(ops[1], t));
                }
                return null;
            case PtxOp.Cvt:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    Reg(t, d) = ops.Length == 3 ? _sem.CvtPack(f, Read(ops[1], t), Read(ops[2], t)) : _sem.Cvt(f, Read(ops[1], t));
                }
                return null;
            case PtxOp.Setp:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    Reg(t, d) = _sem.Setp(f, Read(ops[1], t), Read(ops[2], t));
                }
                return null;
            case PtxOp.Selp or PtxOp.Fma or PtxOp.Mad:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    Reg(t, d) = _sem.Ternary(f, Read(ops[1], t), Read(ops[2], t), Read(ops[3], t));
                }
                return null;
            default:
                for (uint m = exec; m != 0; m &= m - 1)
                {
                    int t = base0 + BitOperations.TrailingZeroCount(m);
                    Reg(t, d) = _sem.Binary(f, Read(ops[1], t), Read(ops[2], t));
                }
                return null;
        }
    }

    private PtxValue<T> ReadReg(int reg, int t)
    {
        var v = Reg(t, reg);
        if (!v.IsDefined) throw new PtxSemanticsException(PtxFaultKind.UndefinedValue, $"read of register {RegName(reg)} before it was written");
        return v;
    }

    /// <summary>The effective address of an address operand (param: offset into the parameter; shared: window offset).</summary>
    private ulong Address(in Operand<T> o, int t) => o.Kind switch
    {
        OperandKind.AddressRegister => unchecked(_sem.AsBits(ReadReg(o.Index, t), 64) + (ulong)o.Offset),
        _ => unchecked((ulong)o.Offset),
    };

    private PtxFault? Load(Instr<T> ins, int t)
    {
        var f = ins.Form;
        var a = ins.Operands[1];
        var dst = ins.Operands[0];
        if (a.Kind == OperandKind.AddressParam)
        {
            // the parameter's bytes, little-endian; a whole-parameter load keeps the argument's value as is
            var p = _args[a.Index];
            int pbytes = _image.Entry.Params[a.Index].Type.Bytes();
            Reg(t, dst.Index) = a.Offset == 0 && f.Type.Bytes() == pbytes ? p
                : _sem.FromMemory((_sem.AsBits(p, 64) >> (int)(8 * a.Offset)) & PtxSemantics<T>.Mask(8 * f.Type.Bytes()), f.Type);
            return null;
        }
        ulong addr = Address(a, t);
        int size = f.Type.Bytes();
        if (f.Vector > 1 && addr % (ulong)(size * f.Vector) != 0)
            return Fault(PtxFaultKind.Misaligned, ins.Source.Line, t, $"{Spelling(ins)} at 0x{addr:X} is not {size * f.Vector}-byte aligned");
        for (int k = 0; k < f.Vector; k++)
        {
            ulong ea = unchecked(addr + (ulong)(k * size));
            PtxValue<T> v;
            var err = f.Space == PtxStateSpace.Shared ? _shared.Load(ea, f.Type, t, out v) : _global.Load(ea, f.Type, out v);
            if (err is not null) return Fault(err.Kind, ins.Source.Line, t, $"{Spelling(ins)}: {err.Message}");
            Reg(t, f.Vector == 1 ? dst.Index : dst.Registers![k]) = v;
        }
        return null;
    }

    private PtxFault? Store(Instr<T> ins, int t)
    {
        var f = ins.Form;
        var a = ins.Operands[0];
        var src = ins.Operands[1];
        ulong addr = Address(a, t);
        int size = f.Type.Bytes();
        if (f.Vector > 1 && addr % (ulong)(size * f.Vector) != 0)
            return Fault(PtxFaultKind.Misaligned, ins.Source.Line, t, $"{Spelling(ins)} at 0x{addr:X} is not {size * f.Vector}-byte aligned");
        for (int k = 0; k < f.Vector; k++)
        {
            ulong ea = unchecked(addr + (ulong)(k * size));
            var v = _sem.ForStore(f.Vector == 1 ? Read(src, t) : ReadReg(src.Registers![k], t), f.Type);
            var err = f.Space == PtxStateSpace.Shared ? _shared.Store(ea, f.Type, v, t) : _global.Store(ea, f.Type, v, t);
            if (err is not null) return Fault(err.Kind, ins.Source.Line, t, $"{Spelling(ins)}: {err.Message}");
        }
        return null;
    }

    private static string Spelling(Instr<T> ins) => ins.Source.Opcode + string.Concat(ins.Source.Modifiers.Select(m => "." + m));

    /// <summary>shfl.sync.mode.b32 d, a, b, c, membermask (PTX ISA shfl.sync): with lane L, segment mask
    /// s = c[12:8], clamp c[4:0]: maxLane = (L &amp; s) | (c[4:0] &amp; ~s), minLane = L &amp; s; source j = L - b (up,
    /// valid if j ≥ minLane), L + b (down), L ^ b (bfly) (valid if j ≤ maxLane), minLane | (b[4:0] &amp; ~s) (idx, valid if
    /// j ≤ maxLane); an invalid j reads the lane's own a. Every executing lane must be in membermask and every
    /// membermask lane must execute it (InvalidShuffle); reading a lane that does not execute it is InactiveLaneRead.</summary>
    private PtxFault? Shuffle(Instr<T> ins, Warp w, uint exec)
    {
        if (exec == 0) return null;
        var ops = ins.Operands;
        int line = ins.Source.Line;
        var values = new PtxValue<T>[32];
        var sources = new int[32];
        for (uint m = exec; m != 0; m &= m - 1)
        {
            int lane = BitOperations.TrailingZeroCount(m), t = 32 * w.Index + lane;
            uint member = (uint)_sem.AsBits(Read(ops[4], t), 32);
            if ((member & (1u << lane)) == 0)
                return Fault(PtxFaultKind.InvalidShuffle, line, t, $"lane {lane} executes shfl.sync but is not in its membermask 0x{member:X8}");
            if ((member & ~exec) != 0)
            {
                int missing = BitOperations.TrailingZeroCount(member & ~exec);
                return Fault(PtxFaultKind.InvalidShuffle, line, t, $"membermask 0x{member:X8} names lane {missing}, which does not execute this shfl.sync");
            }
            uint b = (uint)_sem.AsBits(Read(ops[2], t), 32), c = (uint)_sem.AsBits(Read(ops[3], t), 32);
            int seg = (int)((c >> 8) & 0x1F), clamp = (int)(c & 0x1F);
            int maxLane = (lane & seg) | (clamp & ~seg), minLane = lane & seg;
            int bl = (int)(b & 0x1F);
            (int j, bool ok) = ins.Form.Shfl switch
            {
                PtxShflMode.Up => (lane - bl, lane - bl >= minLane),
                PtxShflMode.Down => (lane + bl, lane + bl <= maxLane),
                PtxShflMode.Bfly => (lane ^ bl, (lane ^ bl) <= maxLane),
                _ => (minLane | (bl & ~seg), (minLane | (bl & ~seg)) <= maxLane),
            };
            if (!ok) j = lane;
            if ((exec & (1u << j)) == 0)
                return Fault(PtxFaultKind.InactiveLaneRead, line, t, $"lane {lane} reads lane {j}, which does not execute this shfl.sync");
            sources[lane] = j;
        }
        for (uint m = exec; m != 0; m &= m - 1)
        {
            int lane = BitOperations.TrailingZeroCount(m);
            values[lane] = Read(ops[1], 32 * w.Index + sources[lane]);
        }
        for (uint m = exec; m != 0; m &= m - 1)
        {
            int lane = BitOperations.TrailingZeroCount(m);
            Reg(32 * w.Index + lane, ops[0].Index) = values[lane];
        }
        return null;
    }

    /// <summary>mma.sync for a full warp: gathers the fragments lane-major and scatters the result (PtxSemantics.Mma).</summary>
    private void MatrixMultiply(Instr<T> ins, Warp w)
    {
        var ops = ins.Operands;
        var a = new PtxValue<T>[32 * 4];
        var b = new PtxValue<T>[32 * 2];
        var c = new PtxValue<T>[32 * 4];
        for (int lane = 0; lane < 32; lane++)
        {
            int t = 32 * w.Index + lane;
            for (int i = 0; i < 4; i++) a[lane * 4 + i] = ReadReg(ops[1].Registers![i], t);
            for (int i = 0; i < 2; i++) b[lane * 2 + i] = ReadReg(ops[2].Registers![i], t);
            for (int i = 0; i < 4; i++) c[lane * 4 + i] = ReadReg(ops[3].Registers![i], t);
        }
        var d = _sem.Mma(ins.Form, a, b, c);
        for (int lane = 0; lane < 32; lane++)
            for (int i = 0; i < 4; i++) Reg(32 * w.Index + lane, ops[0].Registers![i]) = d[lane * 4 + i];
    }
}
