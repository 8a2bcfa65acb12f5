using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>The row key of the instruction table: an IR opcode at a dtype. Type is the result dtype, except for Cmp
/// (the operand dtype) and Load/Compute (the element dtype loaded or stored); From is the operand dtype of a Cast
/// and equals Type otherwise.</summary>
public readonly record struct PtxOpKey(Opcode Op, DType Type, DType From)
{
    public static PtxOpKey Of(Opcode op, DType type) => new(op, type, type);
    public override string ToString() => Op == Opcode.Cast ? $"cast {From.Name()} -> {Type.Name()}" : $"{Op.Mnemonic()} {Type.Name()}";
}

/// <summary>How a row is emitted. Single: the mnemonic is one instruction `mnemonic d, a[, b[, c]]` ({pred} and
/// {rnd} are filled in: the cmp predicate, the cast's rounding suffix). The others are fixed sequences whose
/// identity and error are stated in docs/ptx.md ("Emission").</summary>
public enum PtxIdiom
{
    Single,
    /// <summary>exp(x) = ex2.approx.f32(mul.rn.f32(x, log2 e)); ex2.approx: 2 ulp; the product rounds once.</summary>
    ExpViaEx2,
    /// <summary>log(x) = mul.rn.f32(lg2.approx.f32(x), ln 2); lg2.approx: 2^-22 abs on (0.5, 2), 2^-22 rel elsewhere.</summary>
    LogViaLg2,
    /// <summary>rsqrt(x) = div.rn.f32(1, sqrt.rn.f32(x)): two IEEE roundings (≤ 1.5 ulp from the exact value).</summary>
    RsqrtViaSqrtDiv,
    /// <summary>erf(x) by Abramowitz–Stegun 7.1.26 (|ε| ≤ 1.5e-7 absolute) evaluated in f32 with .rn ops, the sign
    /// restored by selp (no branch on float data).</summary>
    ErfPolynomial,
    /// <summary>f32 → i8: cvt.{rnd}i.s32.f32 (saturating, NaN → 0), then clamp to [-128, 127] with min/max.s32.</summary>
    ToI8Saturating,
    /// <summary>An integer-to-integer move between 32-bit registers (index, i32 and sign-extended i8 share them; the
    /// emitted code keeps every index within 32 bits, see KC0804).</summary>
    IntMove,
    /// <summary>A bool constant: setp.ne.s32 p, imm, 0 via a register.</summary>
    BoolConst,
    /// <summary>A bool select: d = (c and a) or (not c and b) on predicates.</summary>
    BoolSelect,
}

/// <summary>One row of the instruction table: the PTX mnemonic (template) and how it is emitted.</summary>
public sealed record PtxOpRule(string Mnemonic, PtxIdiom Idiom = PtxIdiom.Single);
