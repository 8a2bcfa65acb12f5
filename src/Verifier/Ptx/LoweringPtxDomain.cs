using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>The PTX semantics table's domain for the lowering proof: <see cref="RealFormDomain"/> (exact reals in
/// normal form; integers, addresses and branch predicates concrete) plus what PTX needs beyond the IR's ops:
///  - fma.rn(a, b, c) = a·b + c (exact in the reals: the single rounding is ignored like every rounding);
///  - ex2.approx.f32(y) is IDENTIFIED with exp_real(y / c), c = f32(log2 e) = 0x3FB8AA3B. This is the stated
///    approximation of the lowering claim: the emitted idiom ex2.approx(x ·rn c) becomes exactly the IR's exp(x).
///    In truth ex2.approx(y) = 2^y·(1+δ), |δ| ≤ 2^-22 (PTX ISA), and 2^(x·c) = exp(x)·exp(x·(c·ln 2 − 1)) with
///    |c·ln 2 − 1| ≤ 1.4·10^-8, so each identified exp carries a relative error ≤ 2^-22 + 1.4·10^-8·|x|
///    (+ the f32 rounding of x·c, which the reals claim ignores like every rounding). Recorded in every lowering
///    obligation's record and in docs/guarantees.md.
///  - lg2.approx.f32(y) is IDENTIFIED with log_real(y) / c, c = f32(ln 2) = 0x3F317218, so the emitted idiom
///    lg2.approx(x) ·rn c becomes exactly the IR's log(x). In truth lg2.approx(y) = log2(y) + δ with |δ| ≤ 2^-22 for
///    y in (0.5, 2) and |δ| ≤ 2^-22·|log2 y| elsewhere (PTX ISA), and log2(y) = (log y / c)·(c / ln 2) with
///    |c / ln 2 − 1| ≤ 2.8·10^-9; so each identified log carries an absolute error ≤ 2^-22·ln 2 + 2.8·10^-9·|log y|
///    ≤ 1.7·10^-7 on (0.5, 2), a relative error ≤ 2^-22 + 2.8·10^-9 elsewhere (+ the ignored roundings). Stated when used.
///  - tanh.approx.f32(y) is IDENTIFIED with tanh_real(y), the IR's tanh: relative error ≤ 2^-11 (PTX ISA). Stated
///    when used.
/// Float bit patterns are known only for constants, an integer's only when it is concrete (a float rounded to an
/// integer is a symbolic <see cref="SymVal.RoundedInt"/>); a predicate only when it is concrete.</summary>
public sealed class LoweringPtxDomain(RealFormDomain real) : IPtxDomain<SymVal>
{
    /// <summary>f32(log2 e): the constant the emitter multiplies by before ex2.approx.f32.</summary>
    public static readonly float Log2E = BitConverter.Int32BitsToSingle(0x3FB8AA3B);

    private static readonly Rational InvLog2E = Rational.FromDouble(Log2E).Inverse();

    /// <summary>f32(ln 2): the constant the emitter multiplies lg2.approx.f32's result by.</summary>
    public static readonly float Ln2 = BitConverter.Int32BitsToSingle(0x3F317218);

    private static readonly Rational InvLn2 = Rational.FromDouble(Ln2).Inverse();

    /// <summary>The statements the records add when the PTX used lg2.approx / tanh.approx (their identifications).</summary>
    public const string Lg2Statement =
        "lg2.approx.f32(y) identified with log(y) / f32(ln 2): each log lowered as lg2.approx.f32(x)*f32(ln 2) carries an "
        + "absolute error <= 1.7e-7 (2^-22*ln 2 + 2.8e-9*|log x|) for x in (0.5, 2), a relative error <= 2^-22 + 2.8e-9 elsewhere (stated, not proved)";
    public const string TanhStatement =
        "tanh.approx.f32(y) identified with tanh(y): relative error <= 2^-11 (PTX ISA; stated, not proved)";

    /// <summary>True once the PTX executed lg2.approx.f32 / tanh.approx.f32: records then state the identification.</summary>
    public bool Lg2Applied { get; private set; }
    public bool TanhApplied { get; private set; }

    public RealFormDomain Real => real;

    public SymVal Const(double value, DType type) => real.Const(value, type);
    public SymVal Add(SymVal a, SymVal b, DType type) => real.Add(a, b, type);
    public SymVal Sub(SymVal a, SymVal b, DType type) => real.Sub(a, b, type);
    public SymVal Mul(SymVal a, SymVal b, DType type) => real.Mul(a, b, type);
    public SymVal Div(SymVal a, SymVal b, DType type) => real.Div(a, b, type);
    public SymVal Neg(SymVal a, DType type) => real.Neg(a, type);
    public SymVal Abs(SymVal a, DType type) => real.Abs(a, type);
    public SymVal Max(SymVal a, SymVal b, DType type) => real.Max(a, b, type);
    public SymVal Min(SymVal a, SymVal b, DType type) => real.Min(a, b, type);
    public SymVal Apply(Opcode fn, SymVal a, DType type) => real.Apply(fn, a, type);
    public SymVal Compare(CmpPred pred, SymVal a, SymVal b, DType operandType) => real.Compare(pred, a, b, operandType);
    public SymVal Select(SymVal cond, SymVal ifTrue, SymVal ifFalse, DType type) => real.Select(cond, ifTrue, ifFalse, type);
    public SymVal And(SymVal a, SymVal b) => real.And(a, b);
    public SymVal Or(SymVal a, SymVal b) => real.Or(a, b);
    public SymVal Not(SymVal a) => real.Not(a);
    public SymVal Convert(SymVal a, DType from, DType to, RoundingMode mode) => real.Convert(a, from, to, mode);

    public SymVal FromBits(ulong bits, DType type) => real.Const(FloatFormat.FromBits(bits, type), type);

    public bool TryGetBits(SymVal value, DType type, out ulong bits)
    {
        bits = 0;
        switch (value)
        {
            case SymVal.Real { Value.Constant: { } c }:
                double d = c.ToDouble();
                if (Rational.FromDouble(d) != c || !FloatFormat.IsRepresentable(d, type)) return false;
                bits = FloatFormat.ToBits(d, type);
                return true;
            case SymVal.Int i when type.IsInteger(): // two's complement of the dtype's width (index: 64 bits)
                bits = unchecked((ulong)i.Value) & Backend.Ptx.Semantics.PtxSemantics<SymVal>.Mask(type == DType.I8 ? 8 : type == DType.I32 ? 32 : 64);
                return true;
            case SymVal.Inf inf:
                bits = FloatFormat.ToBits(inf.Negative ? double.NegativeInfinity : double.PositiveInfinity, type);
                return true;
            default:
                return false;
        }
    }

    public bool TryGetBool(SymVal predicate, out bool value)
    {
        if (predicate is SymVal.Bool b) { value = b.Value; return true; }
        value = false;
        return false;
    }

    // a·b + c in the reals
    public SymVal Fma(SymVal a, SymVal b, SymVal c, DType type) => real.Add(real.Mul(a, b, type), c, type);

    // ex2.approx(y) ≈ exp(y / f32(log2 e)); ex2(-inf) = +0, ex2(+inf) = +inf, ex2(NaN) = NaN. ftz changes nothing in
    // the reals (subnormals are a rounding matter).
    public SymVal Ex2Approx(SymVal x, bool ftz) => x switch
    {
        SymVal.Real r => real.Exp(real.Forms.Scale(r.Value, InvLog2E)),
        SymVal.Inf inf => inf.Negative ? real.Const(0, DType.F32) : inf,
        SymVal.NaN => x,
        _ => throw new NotSupportedException($"ex2.approx of {RealFormDomain.Describe(x)}"),
    };

    // lg2.approx(y) ≈ log(y) / f32(ln 2); lg2(+inf) = +inf, lg2(-inf) = NaN, lg2(NaN) = NaN.
    public SymVal Lg2Approx(SymVal x)
    {
        Lg2Applied = true;
        return x switch
        {
            SymVal.Real => real.Mul(real.Apply(Opcode.Log, x, DType.F32), real.Real(real.Forms.Constant(InvLn2)), DType.F32),
            SymVal.Inf inf => inf.Negative ? SymVal.NaN.Instance : inf,
            SymVal.NaN => x,
            _ => throw new NotSupportedException($"lg2.approx of {RealFormDomain.Describe(x)}"),
        };
    }

    // tanh.approx(y) ≈ tanh(y); tanh(±inf) = ±1, tanh(NaN) = NaN.
    public SymVal TanhApprox(SymVal x)
    {
        TanhApplied = true;
        return x switch
        {
            SymVal.Real => real.Apply(Opcode.Tanh, x, DType.F32),
            SymVal.Inf inf => real.Const(inf.Negative ? -1 : 1, DType.F32),
            SymVal.NaN => x,
            _ => throw new NotSupportedException($"tanh.approx of {RealFormDomain.Describe(x)}"),
        };
    }
}
