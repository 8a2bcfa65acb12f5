using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>The concrete PTX domain: values are doubles exactly representable in their dtype; every float op is the
/// IR's exact IEEE domain (computed in binary64, rounded to nearest even once).</summary>
public sealed class ConcretePtxDomain : IPtxDomain<double>
{
    public static readonly ConcretePtxDomain Instance = new();
    private static readonly IeeeDomain Ieee = IeeeDomain.Exact;

    public double Const(double value, DType type) => Ieee.Const(value, type);
    // f32 fast path: a∘b of two f32 values is computed in binary64 (rounded once, RNE) and converted to f32 (RNE):
    // the same value as IeeeDomain's FloatFormat.Round, since for + - * / double rounding through binary64 is
    // innocuous (53 >= 2*24 + 2) and the double-to-float conversion rounds to nearest even, overflow to ±inf
    // (ConcretePtxDomainTests checks the two agree).
    public double Add(double a, double b, DType type) => type == DType.F32 ? (float)(a + b) : Ieee.Add(a, b, type);
    public double Sub(double a, double b, DType type) => type == DType.F32 ? (float)(a - b) : Ieee.Sub(a, b, type);
    public double Mul(double a, double b, DType type) => type == DType.F32 ? (float)(a * b) : Ieee.Mul(a, b, type);
    public double Div(double a, double b, DType type) => type == DType.F32 ? (float)(a / b) : Ieee.Div(a, b, type);
    public double Neg(double a, DType type) => Ieee.Neg(a, type);
    public double Abs(double a, DType type) => Ieee.Abs(a, type);
    public double Max(double a, double b, DType type) => Ieee.Max(a, b, type);
    public double Min(double a, double b, DType type) => Ieee.Min(a, b, type);
    public double Apply(Opcode fn, double a, DType type) => Ieee.Apply(fn, a, type);
    public double Compare(CmpPred pred, double a, double b, DType operandType) => Ieee.Compare(pred, a, b, operandType);
    public double Select(double cond, double ifTrue, double ifFalse, DType type) => Ieee.Select(cond, ifTrue, ifFalse, type);
    public double And(double a, double b) => Ieee.And(a, b);
    public double Or(double a, double b) => Ieee.Or(a, b);
    public double Not(double a) => Ieee.Not(a);
    public double Convert(double a, DType from, DType to, RoundingMode mode) => Ieee.Convert(a, from, to, mode);

    public double FromBits(ulong bits, DType type) => FloatFormat.FromBits(bits, type);

    /// <summary>Floats: their IEEE pattern (NaN canonical); integer dtypes: two's complement, zero-extended to 64 bits.</summary>
    public bool TryGetBits(double value, DType type, out ulong bits)
    {
        bits = type.IsInteger() ? unchecked((ulong)(long)value) & (type == DType.I8 ? 0xFFUL : type == DType.I32 ? 0xFFFF_FFFFUL : ulong.MaxValue)
            : FloatFormat.ToBits(value, type);
        return true;
    }

    public bool TryGetBool(double predicate, out bool value)
    {
        value = predicate != 0;
        return true;
    }

    /// <summary>fma rounded once. f32: MathF.FusedMultiplyAdd (IEEE fusedMultiplyAdd); f64: Math.FusedMultiplyAdd.
    /// f16/bf16: a*b is exact in binary64 (2p ≤ 53); s = a*b + c is rounded to binary64 with round-to-odd (TwoSum
    /// gives the exact error e; if e ≠ 0 and s is even, s moves one ulp toward e), and round-to-odd to 53 bits
    /// followed by round-to-nearest-even to p ≤ 51 bits equals one correct rounding.</summary>
    public double Fma(double a, double b, double c, DType type)
    {
        switch (type)
        {
            case DType.F32: return MathF.FusedMultiplyAdd((float)a, (float)b, (float)c);
            case DType.F64: return Math.FusedMultiplyAdd(a, b, c);
        }
        double prod = a * b;
        double s = prod + c;
        if (double.IsFinite(s))
        {
            // TwoSum: prod + c = s + e exactly
            double bv = s - prod, av = s - bv;
            double e = (prod - av) + (c - bv);
            if (e != 0 && (BitConverter.DoubleToInt64Bits(s) & 1) == 0)
                s = e > 0 ? Math.BitIncrement(s) : Math.BitDecrement(s);
        }
        return FloatFormat.Round(s, type, RoundingMode.NearestEven);
    }

    public double Ex2Approx(double x, bool ftz)
    {
        if (ftz) x = FlushSubnormal(x);
        double r = FloatFormat.Round(Math.Pow(2.0, x), DType.F32, RoundingMode.NearestEven);
        return ftz ? FlushSubnormal(r) : r;
    }

    // log2 and tanh of a binary64 holding an f32, rounded to f32: the correctly rounded result (up to the sub-ulp
    // binary64 error of Math.Log2/Math.Tanh, which can move a near-tie by one f32 ulp), far inside the documented
    // 2^-22 / 2^-11 intervals.
    public double Lg2Approx(double x) => FloatFormat.Round(Math.Log2(x), DType.F32, RoundingMode.NearestEven);

    public double TanhApprox(double x) => FloatFormat.Round(Math.Tanh(x), DType.F32, RoundingMode.NearestEven);

    private static double FlushSubnormal(double x) =>
        x != 0 && Math.Abs(x) < Math.ScaleB(1.0, -126) ? Math.CopySign(0.0, x) : x;
}
