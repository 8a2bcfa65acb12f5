using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>The instructions of the subset (docs/ptx.md "PTX subset").</summary>
public enum PtxOp
{
    Mov, Add, Sub, Mul, Mad, Fma, Div, Rem, Min, Max, Neg, Abs, And, Or, Xor, Not, Shl, Shr, Setp, Selp, Cvt, Cvta,
    Ld, St, Ex2, Lg2, Tanh, Rcp, Sqrt, Bra, Bar, Shfl, Mma, Ret, Exit, Trap,
}

/// <summary>Integer multiply modes: .lo (low half), .hi (high half), .wide (double-width result).</summary>
public enum PtxMulMode { None, Lo, Hi, Wide }

/// <summary>setp comparisons. Lo/Ls/Hi/Hs are the unsigned spellings of lt/le/gt/ge; the *u forms are unordered
/// (true when either operand is NaN); Num: neither is NaN; Nan: either is NaN.</summary>
public enum PtxCmp { Eq, Ne, Lt, Le, Gt, Ge, Lo, Ls, Hi, Hs, Equ, Neu, Ltu, Leu, Gtu, Geu, Num, Nan }

public enum PtxShflMode { Up, Down, Bfly, Idx }

/// <summary>What an operand position takes. Dest: a register written; Source: a register, immediate (or special
/// register / variable address where the form allows it) read; Address: [base+offset]; Label: a branch target;
/// DestVector/SourceVector: {r0, ..., r(Count-1)} of registers of Type.</summary>
public enum PtxSlotKind { Dest, Source, Address, Label, DestVector, SourceVector }

/// <summary>One operand position of a decoded instruction.</summary>
public readonly record struct PtxSlot(PtxSlotKind Kind, PtxType Type, int Count = 1);

/// <summary>A decoded instruction: the opcode and modifiers made into fields (the only place modifiers are
/// interpreted), with the operand signature. Built by <see cref="PtxDecoder"/>; the reader validates against it and
/// the interpreter executes it.
/// Type: the instruction type (cvt: destination); Source: cvt's source type, mma's A/B element type; Rounding:
/// the IEEE rounding (.rn/.rz/.rm/.rp, or cvt's .rni/.rzi/.rmi/.rpi when IntegerRounding).</summary>
public sealed record PtxForm(PtxOp Op, PtxType Type, EqArray<PtxSlot> Slots)
{
    public PtxType Source { get; init; } = Type;
    public RoundingMode? Rounding { get; init; }
    public bool IntegerRounding { get; init; }
    public bool Ftz { get; init; }
    public bool Sat { get; init; }
    /// <summary>min/max .NaN: a NaN operand gives NaN (without it, the other operand).</summary>
    public bool NaN { get; init; }
    public PtxMulMode Mul { get; init; }
    public PtxCmp Cmp { get; init; }
    public PtxStateSpace Space { get; init; }
    /// <summary>ld/st vector width (1, 2, 4).</summary>
    public int Vector { get; init; } = 1;
    public PtxShflMode Shfl { get; init; }
    /// <summary>mov packing two halves into one register (mov.b32 d, {lo, hi}) or unpacking (mov.b32 {lo, hi}, s).</summary>
    public bool Pack { get; init; }
    public bool Unpack { get; init; }
    /// <summary>mov of a variable's address (mov.u64 %rd, smem): the operand is a Symbol.</summary>
    public bool AddressOf { get; init; }
    /// <summary>The minimum sm this form needs (0: any supported target).</summary>
    public int MinSm { get; init; }
    /// <summary>The minimum PTX ISA version this form needs, major*10+minor (0: any supported version).</summary>
    public int MinVersion { get; init; }
}
