using KernelC.Backend.Ptx.Model;
using KernelC.IR;
using static KernelC.Backend.Ptx.Model.PtxType;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>The accepted forms, one method per opcode family.</summary>
public static partial class PtxDecoder
{
    private static readonly string[] Spaces = ["global", "shared", "param", "local", "const"];

    /// <summary>mov.T d, a | mov.b32 d, {lo, hi} (pack) | mov.b32 {lo, hi}, a (unpack) | mov.u64 d, var (address).</summary>
    private static PtxForm Mov(ModifierSet m, PtxInstruction instr)
    {
        var t = m.TakeType("mov", [Pred, B16, B32, B64, U16, U32, U64, S16, S32, S64, F16, BF16, F32, F64]);
        var ops = instr.Operands;
        if (ops.Count == 2 && ops[1] is PtxOperand.Vector v && v.Elements.Count == 2 && t is B32 or B64)
            return new PtxForm(PtxOp.Mov, t, Slots(D(t), new PtxSlot(PtxSlotKind.SourceVector, Half(t), 2))) { Pack = true };
        if (ops.Count == 2 && ops[0] is PtxOperand.Vector w && w.Elements.Count == 2 && t is B32 or B64)
            return new PtxForm(PtxOp.Mov, t, Slots(new PtxSlot(PtxSlotKind.DestVector, Half(t), 2), S(t))) { Unpack = true };
        if (ops.Count == 2 && ops[1] is PtxOperand.Symbol && t is U64 or B64 or U32 or B32)
            return new PtxForm(PtxOp.Mov, t, Slots(D(t), S(t))) { AddressOf = true };
        return new PtxForm(PtxOp.Mov, t, Slots(D(t), S(t)));
    }

    private static PtxType Half(PtxType t) => t == B64 ? B32 : B16;

    /// <summary>add/sub: integers (.sat only for .s32); floats with optional .rn, .ftz and .sat (f32).</summary>
    private static PtxForm Arith(PtxOp op, ModifierSet m)
    {
        string name = op.ToString().ToLowerInvariant();
        var rounding = m.TakeOne("rn", "rz", "rm", "rp") is { } r ? r : null;
        bool ftz = m.Take("ftz"), sat = m.Take("sat");
        var t = m.TakeType(name, [.. IntTypes, F16, F32, F64]);   // .f16: sm_53+ (every target of ours)
        if (t.IsFloat())
        {
            if (rounding is not null && rounding != "rn") throw Fail($"{name}.{rounding}: only .rn rounding is in the subset", m.IndexOf(rounding));
            if ((ftz || sat) && t != F32) throw Fail($"{name}.{(ftz ? "ftz" : "sat")} needs .f32", m.IndexOf(ftz ? "ftz" : "sat"));
        }
        else
        {
            if (rounding is not null) throw Fail($"{name}.{rounding}: rounding applies to floats only", m.IndexOf(rounding));
            if (ftz) throw Fail($"{name}.ftz applies to floats only", m.IndexOf("ftz"));
            if (sat && t != S32) throw Fail($"{name}.sat on integers needs .s32", m.IndexOf("sat"));
        }
        return new PtxForm(op, t, Slots(D(t), S(t), S(t)))
        { Rounding = rounding is null ? null : RoundingMode.NearestEven, Ftz = ftz, Sat = sat };
    }

    /// <summary>mul/mad: integers need .lo, .hi or .wide (.wide: 16/32-bit sources, double-width result; mad's
    /// addend has the result type); floats as add (mad on floats needs .rn and is a fused multiply-add).</summary>
    private static PtxForm Mul(PtxOp op, ModifierSet m)
    {
        string name = op.ToString().ToLowerInvariant();
        var mode = m.TakeOne("lo", "hi", "wide");
        var rounding = m.TakeOne("rn", "rz", "rm", "rp");
        bool ftz = m.Take("ftz"), sat = m.Take("sat");
        var t = m.TakeType(name, [.. IntTypes, F16, F32, F64]);   // mul.f16: sm_53+; there is no mad.f16 (fma.rn.f16 is)
        if (t.IsFloat())
        {
            if (op == PtxOp.Mad && t == F16) throw Fail("mad does not take .f16 (half precision has fma.rn.f16 only)", m.IndexOf("f16"));
            if (mode is not null) throw Fail($"{name}.{mode} applies to integers only", m.IndexOf(mode));
            if (rounding is not null && rounding != "rn") throw Fail($"{name}.{rounding}: only .rn rounding is in the subset", m.IndexOf(rounding));
            if (op == PtxOp.Mad && rounding is null) throw Fail("mad on floats needs .rn (it is a fused multiply-add)");
            if ((ftz || sat) && t != F32) throw Fail($"{name}.{(ftz ? "ftz" : "sat")} needs .f32", m.IndexOf(ftz ? "ftz" : "sat"));
            var fs = op == PtxOp.Mul ? Slots(D(t), S(t), S(t)) : Slots(D(t), S(t), S(t), S(t));
            return new PtxForm(op, t, fs) { Rounding = rounding is null ? null : RoundingMode.NearestEven, Ftz = ftz, Sat = sat };
        }
        if (rounding is not null) throw Fail($"{name}.{rounding}: rounding applies to floats only", m.IndexOf(rounding));
        if (ftz || sat) throw Fail($"{name}.{(ftz ? "ftz" : "sat")} is not in the subset for integers", m.IndexOf(ftz ? "ftz" : "sat"));
        if (mode is null) throw Fail($"{name} on integers needs .lo, .hi or .wide");
        var mm = mode switch { "lo" => PtxMulMode.Lo, "hi" => PtxMulMode.Hi, _ => PtxMulMode.Wide };
        var dt = t;
        if (mm == PtxMulMode.Wide)
        {
            if (t.Bits() == 64) throw Fail($"{name}.wide needs a 16- or 32-bit type", m.IndexOf("wide"));
            dt = Wider(t);
        }
        var s = op == PtxOp.Mul ? Slots(D(dt), S(t), S(t)) : Slots(D(dt), S(t), S(t), S(dt));
        return new PtxForm(op, t, s) { Mul = mm };
    }

    private static PtxType Wider(PtxType t) => t switch
    {
        U16 => U32, U32 => U64, S16 => S32, S32 => S64,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>fma.rn{.ftz}{.sat}.f32 / fma.rn.f64: a*b+c rounded once.</summary>
    private static PtxForm Fma(ModifierSet m)
    {
        var rounding = FloatRounding(m, required: true, "fma");
        bool ftz = m.Take("ftz"), sat = m.Take("sat");
        var t = m.TakeType("fma", FloatTypes);
        if ((ftz || sat) && t != F32) throw Fail($"fma.{(ftz ? "ftz" : "sat")} needs .f32", m.IndexOf(ftz ? "ftz" : "sat"));
        return new PtxForm(PtxOp.Fma, t, Slots(D(t), S(t), S(t), S(t))) { Rounding = rounding, Ftz = ftz, Sat = sat };
    }

    /// <summary>div on integers (truncating; division by zero is a fault); on floats only .rn (IEEE, correctly
    /// rounded) — .approx and .full are not in the subset.</summary>
    private static PtxForm Div(ModifierSet m)
    {
        if (m.TakeOne("approx", "full") is { } a) throw Fail($"div.{a} is not in the subset (use div.rn)", m.IndexOf(a));
        var rounding = m.TakeOne("rn", "rz", "rm", "rp");
        bool ftz = m.Take("ftz");
        var t = m.TakeType("div", [U32, U64, S32, S64, F32, F64]);
        if (t.IsFloat())
        {
            if (rounding is null) throw Fail("div on floats needs .rn");
            if (rounding != "rn") throw Fail($"div.{rounding}: only .rn rounding is in the subset", m.IndexOf(rounding));
            if (ftz && t != F32) throw Fail("div.ftz needs .f32", m.IndexOf("ftz"));
            return new PtxForm(PtxOp.Div, t, Slots(D(t), S(t), S(t))) { Rounding = RoundingMode.NearestEven, Ftz = ftz };
        }
        if (rounding is not null || ftz) throw Fail("rounding and .ftz apply to floats only", m.IndexOf(rounding ?? "ftz"));
        return new PtxForm(PtxOp.Div, t, Slots(D(t), S(t), S(t)));
    }

    private static PtxForm IntBinary(PtxOp op, ModifierSet m, PtxType[] types)
    {
        var t = m.TakeType(op.ToString().ToLowerInvariant(), types);
        return new PtxForm(op, t, Slots(D(t), S(t), S(t)));
    }

    /// <summary>min/max: integers; floats with .ftz and .NaN (sm_80; without .NaN a NaN operand yields the other).</summary>
    private static PtxForm MinMax(PtxOp op, ModifierSet m)
    {
        string name = op.ToString().ToLowerInvariant();
        bool ftz = m.Take("ftz"), nan = m.Take("NaN");
        var t = m.TakeType(name, [.. IntTypes, F16, F32, F64]);
        if (ftz && t != F32) throw Fail($"{name}.ftz needs .f32", m.IndexOf("ftz"));
        if (nan && t is not (F32 or F16)) throw Fail($"{name}.NaN needs .f32 or .f16", m.IndexOf("NaN"));
        // .NaN and half-precision min/max need sm_80
        return new PtxForm(op, t, Slots(D(t), S(t), S(t))) { Ftz = ftz, NaN = nan, MinSm = nan || t == F16 ? 80 : 0 };
    }

    private static PtxForm Unary(PtxOp op, ModifierSet m, PtxType[] types)
    {
        string name = op.ToString().ToLowerInvariant();
        bool ftz = m.Take("ftz");
        var t = m.TakeType(name, types);
        if (ftz && t != F32) throw Fail($"{name}.ftz needs .f32", m.IndexOf("ftz"));
        return new PtxForm(op, t, Slots(D(t), S(t))) { Ftz = ftz };
    }

    private static PtxForm Logic(PtxOp op, ModifierSet m, int sources)
    {
        var t = m.TakeType(op.ToString().ToLowerInvariant(), [Pred, B16, B32, B64]);
        return new PtxForm(op, t, sources == 2 ? Slots(D(t), S(t), S(t)) : Slots(D(t), S(t)));
    }

    /// <summary>shl/shr: the shift amount is a .u32 (amounts ≥ the width give 0, or the sign fill for .s shr).</summary>
    private static PtxForm Shift(PtxOp op, ModifierSet m, PtxType[] types)
    {
        var t = m.TakeType(op.ToString().ToLowerInvariant(), types);
        return new PtxForm(op, t, Slots(D(t), S(t), S(U32)));
    }

    /// <summary>setp.cmp{.ftz}.T p, a, b.</summary>
    private static PtxForm Setp(ModifierSet m)
    {
        var c = m.Require("a comparison", "eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs",
            "equ", "neu", "ltu", "leu", "gtu", "geu", "num", "nan");
        bool ftz = m.Take("ftz");
        var t = m.TakeType("setp", [B16, B32, B64, .. IntTypes, F16, F32, F64]);   // setp.f16: sm_53+
        var cmp = Enum.Parse<PtxCmp>(c, ignoreCase: true);
        bool floatOnly = cmp >= PtxCmp.Equ, unsignedOnly = cmp is PtxCmp.Lo or PtxCmp.Ls or PtxCmp.Hi or PtxCmp.Hs;
        int at = m.IndexOf(c);
        if (floatOnly && !t.IsFloat()) throw Fail($"setp.{c} applies to floats only", at);
        if (unsignedOnly && t.Kind() is not (PtxTypeKind.Unsigned or PtxTypeKind.Bits)) throw Fail($"setp.{c} applies to unsigned types only", at);
        if (t.Kind() == PtxTypeKind.Bits && cmp is not (PtxCmp.Eq or PtxCmp.Ne)) throw Fail($"setp.{c} on .{t.Name()}: bit types compare with eq/ne only", at);
        if (ftz && t != F32) throw Fail("setp.ftz needs .f32", m.IndexOf("ftz"));
        return new PtxForm(PtxOp.Setp, t, Slots(D(Pred), S(t), S(t))) { Cmp = cmp, Ftz = ftz };
    }

    /// <summary>selp.T d, a, b, p: d = p ? a : b.</summary>
    private static PtxForm Selp(ModifierSet m)
    {
        var t = m.TakeType("selp", [B16, B32, B64, .. IntTypes, F32, F64]);
        return new PtxForm(PtxOp.Selp, t, Slots(D(t), S(t), S(t), S(Pred)));
    }

    /// <summary>cvta{.to}.global.u64 d, a: global and generic addresses coincide in this model (identity).</summary>
    private static PtxForm Cvta(ModifierSet m)
    {
        m.Take("to");
        m.Require("the state space .global", "global");
        var t = m.TakeType("cvta", [U64]);
        return new PtxForm(PtxOp.Cvta, t, Slots(D(t), S(t))) { Space = PtxStateSpace.Global };
    }

    /// <summary>ld/st{.space}{.nc}{.v2|.v4}.T — space one of global, shared, param (none: generic, i.e. global);
    /// .nc only for ld.global; vectors not for .param.</summary>
    private static PtxForm LdSt(PtxOp op, ModifierSet m)
    {
        string name = op == PtxOp.Ld ? "ld" : "st";
        var spaceName = m.TakeOne(Spaces);
        var space = PtxStateSpace.Generic;
        if (spaceName is not null)
        {
            if (spaceName is "local" or "const") throw Fail($"{name}.{spaceName}: only .global, .shared and .param are in the subset", m.IndexOf(spaceName));
            PtxStateSpaces.TryParse(spaceName, out space);
        }
        bool nc = m.Take("nc");
        if (nc && (op != PtxOp.Ld || space != PtxStateSpace.Global)) throw Fail(".nc applies to ld.global only", m.IndexOf("nc"));
        var vec = m.TakeOne("v2", "v4");
        int width = vec == "v4" ? 4 : vec == "v2" ? 2 : 1;
        if (width > 1 && space == PtxStateSpace.Param) throw Fail($"{name}.param cannot be a vector access", m.IndexOf(vec!));
        var t = m.TakeType(name, [B8, B16, B32, B64, U8, U16, U32, U64, S8, S16, S32, S64, F16, BF16, F32, F64]);
        if (width == 4 && t.Bits() == 64) throw Fail($"{name}.v4 of 64-bit elements is not valid PTX", m.IndexOf("v4"));
        var value = width == 1 ? new PtxSlot(op == PtxOp.Ld ? PtxSlotKind.Dest : PtxSlotKind.Source, t)
            : new PtxSlot(op == PtxOp.Ld ? PtxSlotKind.DestVector : PtxSlotKind.SourceVector, t, width);
        var addr = new PtxSlot(PtxSlotKind.Address, t, width);
        return new PtxForm(op, t, op == PtxOp.Ld ? Slots(value, addr) : Slots(addr, value)) { Space = space, Vector = width };
    }

    /// <summary>ex2.approx{.ftz}.f32 (2 ulp; see IPtxDomain.Ex2Approx).</summary>
    private static PtxForm Ex2(ModifierSet m)
    {
        if (!m.Take("approx")) throw Fail("ex2 needs .approx (ex2.approx.f32)");
        bool ftz = m.Take("ftz");
        var t = m.TakeType("ex2", [F32]);
        return new PtxForm(PtxOp.Ex2, t, Slots(D(t), S(t))) { Ftz = ftz };
    }

    /// <summary>lg2.approx.f32 (PTX ISA: absolute error 2^-22 on (0.5, 2), relative 2^-22 elsewhere; see
    /// IPtxDomain.Lg2Approx). Only the form the emitter writes: .ftz is not in the subset.</summary>
    private static PtxForm Lg2(ModifierSet m)
    {
        if (!m.Take("approx")) throw Fail("lg2 needs .approx (lg2.approx.f32)");
        if (m.Take("ftz")) throw Fail("lg2.approx.ftz is not in the subset (use lg2.approx.f32)", m.IndexOf("ftz"));
        var t = m.TakeType("lg2", [F32]);
        return new PtxForm(PtxOp.Lg2, t, Slots(D(t), S(t)));
    }

    /// <summary>tanh.approx.f32 (PTX ISA: relative error 2^-11; introduced in PTX ISA 7.0, needs sm_75; see
    /// IPtxDomain.TanhApprox). The f16/bf16 forms are not in the subset.</summary>
    private static PtxForm Tanh(ModifierSet m)
    {
        if (!m.Take("approx")) throw Fail("tanh needs .approx (tanh.approx.f32)");
        var t = m.TakeType("tanh", [F32]);
        return new PtxForm(PtxOp.Tanh, t, Slots(D(t), S(t))) { MinSm = 75, MinVersion = 70 };
    }

    /// <summary>rcp.rn / sqrt.rn on f32/f64: IEEE, correctly rounded (.approx forms are not in the subset).</summary>
    private static PtxForm RoundedUnary(PtxOp op, ModifierSet m)
    {
        string name = op.ToString().ToLowerInvariant();
        if (m.Take("approx")) throw Fail($"{name}.approx is not in the subset (use {name}.rn)", m.IndexOf("approx"));
        var rounding = FloatRounding(m, required: true, name);
        bool ftz = m.Take("ftz");
        var t = m.TakeType(name, FloatTypes);
        if (ftz && t != F32) throw Fail($"{name}.ftz needs .f32", m.IndexOf("ftz"));
        return new PtxForm(op, t, Slots(D(t), S(t))) { Rounding = rounding, Ftz = ftz };
    }

    private static PtxForm Bra(ModifierSet m)
    {
        m.Take("uni");
        return new PtxForm(PtxOp.Bra, Pred, Slots(new PtxSlot(PtxSlotKind.Label, Pred)));
    }

    /// <summary>bar.sync a: barrier a (0..15), for every thread of the block (the thread-count operand is not in the subset).</summary>
    private static PtxForm Bar(ModifierSet m)
    {
        m.Require("the mode .sync", "sync");
        return new PtxForm(PtxOp.Bar, U32, Slots(S(U32)));
    }

    /// <summary>shfl.sync.{up,down,bfly,idx}.b32 d, a, b, c, membermask.</summary>
    private static PtxForm Shfl(ModifierSet m)
    {
        m.Require("the mode .sync (shfl.sync)", "sync");
        var mode = m.Require("a shuffle mode", "up", "down", "bfly", "idx");
        var t = m.TakeType("shfl", [B32]);
        return new PtxForm(PtxOp.Shfl, t, Slots(D(t), S(t), S(U32), S(U32), S(U32)))
        { Shfl = Enum.Parse<PtxShflMode>(mode, ignoreCase: true) };
    }

    /// <summary>mma.sync.aligned.m16n8k16.row.col.f32.{f16|bf16}.{f16|bf16}.f32 {d0..d3}, {a0..a3}, {b0,b1}, {c0..c3}.</summary>
    private static PtxForm Mma(ModifierSet m)
    {
        m.Require("the mode .sync", "sync");
        m.Require(".aligned", "aligned");
        m.Require("the shape .m16n8k16", "m16n8k16");
        m.Require("the A layout .row", "row");
        m.Require("the B layout .col", "col");
        var types = m.TakeTypes();
        if (types.Count != 4 || types[0] != F32 || types[3] != F32 || types[1] != types[2] || types[1] is not (F16 or BF16))
            throw Fail("mma.sync m16n8k16 types must be .f32.f16.f16.f32 or .f32.bf16.bf16.f32");
        var frag = new PtxSlot(PtxSlotKind.SourceVector, B32, 4);
        return new PtxForm(PtxOp.Mma, F32, Slots(new PtxSlot(PtxSlotKind.DestVector, F32, 4), frag,
            new PtxSlot(PtxSlotKind.SourceVector, B32, 2), new PtxSlot(PtxSlotKind.SourceVector, F32, 4)))
        { Source = types[1], MinSm = 80 };
    }

    private static PtxForm NoOperands(PtxOp op, ModifierSet m) => new(op, Pred, EqArray<PtxSlot>.Empty);
}
