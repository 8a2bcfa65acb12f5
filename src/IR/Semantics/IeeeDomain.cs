namespace KernelC.IR;

/// <summary>The concrete number domain: values are doubles exactly representable in their dtype (bool 0/1,
/// integers integral). Float ops are computed in binary64 and, in <see cref="Precision.Exact"/>, rounded to the
/// op's dtype with round-to-nearest-even; integer ops wrap (two's complement).</summary>
public sealed class IeeeDomain(Precision precision = Precision.Exact) : INumberDomain<double>
{
    public static readonly IeeeDomain Exact = new(Precision.Exact);
    public static readonly IeeeDomain F64 = new(Precision.F64);

    public Precision Precision { get; } = precision;

    /// <summary>The result of a binary64 computation as a value of dtype t.</summary>
    private double Fix(double x, DType t)
    {
        if (t.IsFloat()) return Precision == Precision.Exact ? FloatFormat.Round(x, t, RoundingMode.NearestEven) : x;
        if (t.IsInteger()) return FloatFormat.Wrap((long)x, t);
        throw new ArgumentException($"arithmetic on {t.Name()}", nameof(t));
    }

    public double Const(double value, DType type) => value;

    // integer ops compute in long so that wrap-around is exact (i32 products exceed 2^53)
    public double Add(double a, double b, DType t) => t.IsInteger() ? FloatFormat.Wrap(unchecked((long)a + (long)b), t) : Fix(a + b, t);
    public double Sub(double a, double b, DType t) => t.IsInteger() ? FloatFormat.Wrap(unchecked((long)a - (long)b), t) : Fix(a - b, t);
    public double Mul(double a, double b, DType t) => t.IsInteger() ? FloatFormat.Wrap(unchecked((long)a * (long)b), t) : Fix(a * b, t);
    public double Div(double a, double b, DType t) =>
        t.IsFloat() ? Fix(a / b, t) : throw new ArgumentException($"div on {t.Name()}: integer division does not exist");
    public double Neg(double a, DType t) => t.IsInteger() ? FloatFormat.Wrap(unchecked(-(long)a), t) : -a;
    public double Abs(double a, DType t) => t.IsInteger() ? FloatFormat.Wrap(unchecked((long)a < 0 ? -(long)a : (long)a), t) : Math.Abs(a);

    /// <summary>max: NaN if either is NaN; -0 &lt; +0.</summary>
    public double Max(double a, double b, DType t)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        if (a == b) return BitConverter.DoubleToInt64Bits(a) < 0 ? b : a; // max(-0, +0) = +0
        return a > b ? a : b;
    }

    /// <summary>min: NaN if either is NaN; -0 &lt; +0.</summary>
    public double Min(double a, double b, DType t)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        if (a == b) return BitConverter.DoubleToInt64Bits(a) < 0 ? a : b; // min(-0, +0) = -0
        return a < b ? a : b;
    }

    public double Apply(Opcode fn, double a, DType t)
    {
        if (!t.IsFloat()) throw new ArgumentException($"{fn.Mnemonic()} on {t.Name()}");
        double r = fn switch
        {
            Opcode.Exp => Math.Exp(a),
            Opcode.Log => Math.Log(a),
            Opcode.Sqrt => Math.Sqrt(a),
            Opcode.Rsqrt => 1.0 / Math.Sqrt(a),
            Opcode.Tanh => Math.Tanh(a),
            Opcode.Erf => Erf.Of(a),
            _ => throw new ArgumentException($"{fn.Mnemonic()} is not a transcendental", nameof(fn)),
        };
        return Fix(r, t);
    }

    /// <summary>IEEE comparison: every predicate but ne is false when an operand is NaN; -0 == +0.</summary>
    public double Compare(CmpPred pred, double a, double b, DType operandType) => (pred switch
    {
        CmpPred.Lt => a < b,
        CmpPred.Le => a <= b,
        CmpPred.Gt => a > b,
        CmpPred.Ge => a >= b,
        CmpPred.Eq => a == b,
        CmpPred.Ne => !(a == b),
        _ => throw new ArgumentOutOfRangeException(nameof(pred)),
    }) ? 1.0 : 0.0;

    public double Select(double cond, double ifTrue, double ifFalse, DType type) => cond != 0 ? ifTrue : ifFalse;
    public double And(double a, double b) => a != 0 && b != 0 ? 1.0 : 0.0;
    public double Or(double a, double b) => a != 0 || b != 0 ? 1.0 : 0.0;
    public double Not(double a) => a != 0 ? 0.0 : 1.0;

    /// <summary>To a float: round in mode (from an integer too). Float to integer: round in mode, saturate, NaN to 0.
    /// Integer to integer: two's complement wrap. Bool converts to nothing and nothing to bool.</summary>
    public double Convert(double a, DType from, DType to, RoundingMode mode)
    {
        if (from == DType.Bool || to == DType.Bool) throw new ArgumentException("cast from or to bool");
        if (to.IsFloat()) return FloatFormat.Round(a, to, mode);
        if (from.IsFloat()) return FloatFormat.ToInteger(a, to, mode);
        return FloatFormat.Wrap((long)a, to);
    }
}
