using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Ptx;

/// <summary>The number domain of the lowering rule: floats of every dtype are exact reals in the normal form of
/// <see cref="RealForms"/> (rounding ignored: the claim is equality in real arithmetic), extended by concrete
/// ±inf/NaN; integers and truth values are concrete (the emitted code's control flow and addresses depend only on
/// integers) except a DATA integer, a symbolic float rounded to an integer (<see cref="SymVal.RoundedInt"/>,
/// <see cref="RoundedIntRules"/>: it may be clamped, converted back to a float, stored and reloaded, nothing else —
/// it never reaches an index, an address or a branch), comparisons of symbolic reals are symbolic. exp, log, sqrt,
/// rsqrt, tanh, erf are uninterpreted functions `exp_real`, ... (<see cref="Functions"/>) — with two sound ground facts folded in: exp(0) = 1 and
/// sqrt(c) = √c for a constant c that is the square of a rational; rsqrt(x) is 1/sqrt(x) by definition.
/// Anything this domain cannot represent exactly (a rounded integer in arithmetic or a comparison, inf times a symbolic
/// value, a symbolic select between infinities) throws <see cref="NotSupportedException"/>: the rule then
/// rejects, it never guesses.</summary>
public sealed class RealFormDomain : INumberDomain<SymVal>
{
    public RealForms Forms { get; }
    public SymbolicFunctions Functions { get; } = new();

    /// <summary>The rules of a float rounded to an integer (<see cref="SymVal.RoundedInt"/>).</summary>
    public RoundedIntRules Rounding { get; }

    public RealFormDomain(RealForms forms)
    {
        Forms = forms;
        Rounding = new RoundedIntRules(forms);
    }

    /// <summary>True once erf was evaluated (through <see cref="ErfDefinition"/>): records then state that lowering.</summary>
    public bool ErfApplied { get; private set; }

    public SymVal Real(Poly p) => new SymVal.Real(p);

    public SymVal Const(double value, DType type)
    {
        if (type == DType.Bool) return value != 0 ? SymVal.Bool.True : SymVal.Bool.False;
        if (type.IsInteger()) return new SymVal.Int(checked((long)value));
        if (double.IsNaN(value)) return SymVal.NaN.Instance;
        if (double.IsInfinity(value)) return new SymVal.Inf(value < 0);
        return Real(Forms.Constant(value));
    }

    public SymVal Add(SymVal a, SymVal b, DType type) => (a, b) switch
    {
        (SymVal.Int x, SymVal.Int y) => Wrap(unchecked(x.Value + y.Value), type),
        (SymVal.Real x, SymVal.Real y) => Real(Forms.Add(x.Value, y.Value)),
        (SymVal.NaN, _) or (_, SymVal.NaN) => SymVal.NaN.Instance,
        (SymVal.Inf x, SymVal.Inf y) => x.Negative == y.Negative ? x : SymVal.NaN.Instance,
        (SymVal.Inf x, SymVal.Real) => x,
        (SymVal.Real, SymVal.Inf y) => y,
        _ => throw Mixed("add", a, b),
    };

    public SymVal Sub(SymVal a, SymVal b, DType type) => Add(a, Neg(b, type), type);

    public SymVal Mul(SymVal a, SymVal b, DType type) => (a, b) switch
    {
        (SymVal.Int x, SymVal.Int y) => Wrap(unchecked(x.Value * y.Value), type),
        (SymVal.Real x, SymVal.Real y) => Real(Forms.Mul(x.Value, y.Value)),
        (SymVal.NaN, _) or (_, SymVal.NaN) => SymVal.NaN.Instance,
        (SymVal.Inf x, SymVal.Inf y) => new SymVal.Inf(x.Negative != y.Negative),
        (SymVal.Inf x, SymVal.Real y) => InfTimes(x, y.Value),
        (SymVal.Real x, SymVal.Inf y) => InfTimes(y, x.Value),
        _ => throw Mixed("mul", a, b),
    };

    public SymVal Div(SymVal a, SymVal b, DType type)
    {
        switch (a, b)
        {
            case (SymVal.Int x, SymVal.Int y):
                if (y.Value == 0) throw new NotSupportedException("integer division by zero");
                return Wrap(x.Value == long.MinValue && y.Value == -1 ? long.MinValue : x.Value / y.Value, type);
            case (SymVal.Real x, SymVal.Real y):
                var inv = Forms.Inverse(y.Value) ?? throw new NotSupportedException("division by the constant 0 (not a real number)");
                return Real(Forms.Mul(x.Value, inv));
            case (SymVal.NaN, _) or (_, SymVal.NaN):
                return SymVal.NaN.Instance;
            case (SymVal.Real x, SymVal.Inf) when x.Value.Constant is not null:
                return Real(Forms.Zero); // finite / ±inf = 0 (sign of zero is not a real-number property)
            case (SymVal.Inf x, SymVal.Real y) when y.Value.Constant is { } c && !c.IsZero:
                return new SymVal.Inf(x.Negative != (c.Sign < 0));
            default:
                throw Mixed("div", a, b);
        }
    }

    public SymVal Neg(SymVal a, DType type) => a switch
    {
        SymVal.Int x => Wrap(unchecked(-x.Value), type),
        SymVal.Real x => Real(Forms.Neg(x.Value)),
        SymVal.Inf x => new SymVal.Inf(!x.Negative),
        SymVal.NaN => a,
        _ => throw Mixed("neg", a, a),
    };

    public SymVal Abs(SymVal a, DType type) => a switch
    {
        SymVal.Int x => x.Value < 0 ? Neg(x, type) : x,
        SymVal.Real x when x.Value.Constant is { } c => Real(Forms.Constant(c.Sign < 0 ? -c : c)),
        SymVal.Real x => Real(Forms.Ite(Lt(Forms.ToTerm(x.Value), Terms.Real(0)), Forms.Neg(x.Value), x.Value)),
        SymVal.Inf => new SymVal.Inf(false),
        SymVal.NaN => a,
        _ => throw Mixed("abs", a, a),
    };

    public SymVal Max(SymVal a, SymVal b, DType type) => Extreme(true, a, b, type);
    public SymVal Min(SymVal a, SymVal b, DType type) => Extreme(false, a, b, type);

    // max(-inf, x) = x, max(+inf, x) = +inf (min dually); NaN propagates (the IR's documented choice).
    private SymVal Extreme(bool isMax, SymVal a, SymVal b, DType type)
    {
        switch (a, b)
        {
            case (SymVal.Int x, SymVal.Int y):
                return new SymVal.Int(isMax ? Math.Max(x.Value, y.Value) : Math.Min(x.Value, y.Value));
            case (SymVal.RoundedInt r, SymVal.Int c):
                return RoundedIntRules.Clamp(isMax, r, c.Value);
            case (SymVal.Int c, SymVal.RoundedInt r):
                return RoundedIntRules.Clamp(isMax, r, c.Value);
            case (SymVal.NaN, _) or (_, SymVal.NaN):
                return SymVal.NaN.Instance;
            case (SymVal.Inf x, _):
                return x.Negative == isMax ? b : x;
            case (_, SymVal.Inf y):
                return y.Negative == isMax ? a : y;
            case (SymVal.Real x, SymVal.Real y):
                return Real(Forms.Extreme(isMax, x.Value, y.Value));
            default:
                throw Mixed(isMax ? "max" : "min", a, b);
        }
    }

    public SymVal Apply(Opcode fn, SymVal a, DType type)
    {
        if (fn == Opcode.Erf) // the stated A&S 7.1.26 lowering, not an uninterpreted erf
        {
            ErfApplied = true;
            return ErfDefinition.Of(this, a);
        }
        switch (a)
        {
            case SymVal.NaN: return a;
            case SymVal.Inf x when fn == Opcode.Exp: return x.Negative ? Real(Forms.Zero) : x;
            case SymVal.Real x:
                var c = x.Value.Constant;
                if (fn == Opcode.Exp && c is { IsZero: true }) return Real(Forms.Constant(Rational.One)); // exp(0) = 1
                if (fn == Opcode.Sqrt && c?.ExactSqrt() is { } r) return Real(Forms.Constant(r));      // sqrt(q²) = q, q ≥ 0
                if (fn == Opcode.Rsqrt) // rsqrt(x) = 1/sqrt(x) by definition
                    return Div(Const(1, type), Apply(Opcode.Sqrt, a, type), type);
                return Real(Forms.Apply(Functions.Get(fn, Sort.Real, "real"), x.Value));
            default:
                throw new NotSupportedException($"{fn.Mnemonic()} of {Describe(a)}");
        }
    }

    /// <summary>The uninterpreted exp_real applied to a polynomial (what ex2.approx.f32(x·c) is identified with).</summary>
    public SymVal Exp(Poly x) => Apply(Opcode.Exp, Real(x), DType.F32);

    public SymVal Compare(CmpPred pred, SymVal a, SymVal b, DType operandType)
    {
        switch (a, b)
        {
            case (SymVal.Int x, SymVal.Int y):
                return Truth(pred switch
                {
                    CmpPred.Lt => x.Value < y.Value, CmpPred.Le => x.Value <= y.Value, CmpPred.Gt => x.Value > y.Value,
                    CmpPred.Ge => x.Value >= y.Value, CmpPred.Eq => x.Value == y.Value, _ => x.Value != y.Value,
                });
            case (SymVal.Bool x, SymVal.Bool y) when pred is CmpPred.Eq or CmpPred.Ne:
                return Truth((x.Value == y.Value) == (pred == CmpPred.Eq));
            case (SymVal.NaN, _) or (_, SymVal.NaN):
                return Truth(pred == CmpPred.Ne); // IEEE: every comparison with NaN is false except ne
            case (SymVal.Real x, SymVal.Real y):
            {
                if (x.Value.Constant is { } cx && y.Value.Constant is { } cy)
                {
                    int k = cx.CompareTo(cy);
                    return Truth(pred switch
                    {
                        CmpPred.Lt => k < 0, CmpPred.Le => k <= 0, CmpPred.Gt => k > 0, CmpPred.Ge => k >= 0,
                        CmpPred.Eq => k == 0, _ => k != 0,
                    });
                }
                if (x.Value.Equals(y.Value)) // a real equals itself (no NaN among the reals)
                    return Truth(pred is CmpPred.Eq or CmpPred.Le or CmpPred.Ge);
                Term tx = Forms.ToTerm(x.Value), ty = Forms.ToTerm(y.Value);
                return new SymVal.SymBool(pred switch
                {
                    CmpPred.Lt => Lt(tx, ty), CmpPred.Le => Le(tx, ty), CmpPred.Gt => Gt(tx, ty), CmpPred.Ge => Ge(tx, ty),
                    CmpPred.Eq => Eq(tx, ty), _ => Terms.Not(Eq(tx, ty)),
                });
            }
            case (SymVal.Inf x, SymVal.Inf y):
            {
                int k = x.Negative == y.Negative ? 0 : x.Negative ? -1 : 1;
                return Truth(pred switch
                {
                    CmpPred.Lt => k < 0, CmpPred.Le => k <= 0, CmpPred.Gt => k > 0, CmpPred.Ge => k >= 0,
                    CmpPred.Eq => k == 0, _ => k != 0,
                });
            }
            case (SymVal.Inf x, SymVal.Real):
                // -inf is below every real, +inf above
                return Truth(pred switch
                {
                    CmpPred.Lt or CmpPred.Le => x.Negative, CmpPred.Gt or CmpPred.Ge => !x.Negative,
                    CmpPred.Eq => false, _ => true,
                });
            case (SymVal.Real, SymVal.Inf):
                return Compare(Flip(pred), b, a, operandType);
            default:
                throw Mixed("compare", a, b);
        }
    }

    private static CmpPred Flip(CmpPred p) => p switch
    {
        CmpPred.Lt => CmpPred.Gt, CmpPred.Le => CmpPred.Ge, CmpPred.Gt => CmpPred.Lt, CmpPred.Ge => CmpPred.Le, _ => p,
    };

    public SymVal Select(SymVal cond, SymVal ifTrue, SymVal ifFalse, DType type)
    {
        switch (cond)
        {
            case SymVal.Bool b: return b.Value ? ifTrue : ifFalse;
            case SymVal.SymBool s:
                if (ifTrue.Equals(ifFalse)) return ifTrue;
                if (ifTrue is SymVal.Real t && ifFalse is SymVal.Real f) return Real(Forms.Ite(s.Value, t.Value, f.Value));
                if (ifTrue is SymVal.Bool or SymVal.SymBool && ifFalse is SymVal.Bool or SymVal.SymBool)
                    return new SymVal.SymBool(Terms.Ite(s.Value, BoolTerm(ifTrue), BoolTerm(ifFalse)));
                throw new NotSupportedException($"a select on a symbolic condition between {Describe(ifTrue)} and {Describe(ifFalse)}");
            default:
                throw Mixed("select", cond, cond);
        }
    }

    public SymVal And(SymVal a, SymVal b) => (a, b) switch
    {
        (SymVal.Bool x, _) => x.Value ? b : x,
        (_, SymVal.Bool y) => y.Value ? a : y,
        _ => new SymVal.SymBool(Terms.And(BoolTerm(a), BoolTerm(b))),
    };

    public SymVal Or(SymVal a, SymVal b) => (a, b) switch
    {
        (SymVal.Bool x, _) => x.Value ? x : b,
        (_, SymVal.Bool y) => y.Value ? y : a,
        _ => new SymVal.SymBool(Terms.Or(BoolTerm(a), BoolTerm(b))),
    };

    public SymVal Not(SymVal a) => a switch
    {
        SymVal.Bool x => Truth(!x.Value),
        SymVal.SymBool s => new SymVal.SymBool(Terms.Not(s.Value)),
        _ => throw Mixed("not", a, a),
    };

    /// <summary>Floats among themselves: the identity (exact reals). Integer → float: the exact value (of a rounded
    /// integer: its atom as a real). Float → integer: a constant is rounded with the mode and saturated (NaN → 0); a
    /// symbolic real x becomes the rounded integer clamp(round_mode(x), lo, hi) of the destination's range.
    /// Integer → integer: a concrete value wraps; a rounded integer stays itself when its range fits (else throws).</summary>
    public SymVal Convert(SymVal a, DType from, DType to, RoundingMode mode)
    {
        if (from == to) return a;
        if (from == DType.Bool) return a is SymVal.Bool b ? Const(b.Value ? 1 : 0, to) : throw new NotSupportedException("a symbolic truth value converted to a number");
        if (to == DType.Bool) return Compare(CmpPred.Ne, a, Const(0, from), from);
        if (from.IsFloat() && to.IsFloat()) return a;
        if (from.IsInteger() && to.IsFloat()) return a switch
        {
            SymVal.Int i => Real(Forms.Constant(new Rational(i.Value, 1))),
            SymVal.RoundedInt r => Real(Rounding.ToReal(RoundedIntRules.Fit(r, from))),
            _ => throw Mixed("convert", a, a),
        };
        if (from.IsFloat())
        {
            if (a is SymVal.NaN) return new SymVal.Int(0);
            if (a is SymVal.Inf inf) return new SymVal.Int(inf.Negative ? (long)OpSemantics.IntRange(to).Min : (long)OpSemantics.IntRange(to).Max);
            if (a is SymVal.Real { Value.Constant: { } c })
            {
                double v = c.ToDouble();
                double r = mode switch
                {
                    RoundingMode.Down => Math.Floor(v), RoundingMode.Up => Math.Ceiling(v),
                    RoundingMode.TowardZero => Math.Truncate(v), _ => Math.Round(v, MidpointRounding.ToEven),
                };
                var (lo, hi) = OpSemantics.IntRange(to);
                return new SymVal.Int((long)Math.Clamp(r, lo, hi));
            }
            if (a is SymVal.Real x) return Rounding.Round(x.Value, mode, to);
            throw Mixed("convert", a, a);
        }
        return a switch
        {
            SymVal.Int x => Wrap(x.Value, to),
            SymVal.RoundedInt r => RoundedIntRules.Fit(RoundedIntRules.Fit(r, from), to),
            _ => throw Mixed("convert", a, a),
        };
    }

    public Term BoolTerm(SymVal b) => b switch
    {
        SymVal.Bool x => Bool(x.Value),
        SymVal.SymBool s => s.Value,
        _ => throw Mixed("truth value", b, b),
    };

    private static SymVal Truth(bool b) => b ? SymVal.Bool.True : SymVal.Bool.False;

    private static SymVal Wrap(long v, DType type) => new SymVal.Int(type.IsInteger() ? FloatFormat.Wrap(v, type) : v);

    private SymVal InfTimes(SymVal.Inf x, Poly y)
    {
        if (y.Constant is not { } c) throw new NotSupportedException("infinity times a symbolic value (its sign is unknown)");
        return c.IsZero ? SymVal.NaN.Instance : new SymVal.Inf(x.Negative != (c.Sign < 0));
    }

    public static string Describe(SymVal v) => v switch
    {
        SymVal.Real => "a real", SymVal.Inf i => i.Negative ? "-inf" : "+inf", SymVal.NaN => "NaN",
        SymVal.Int i => $"the integer {i.Value}", SymVal.RoundedInt r => $"a float rounded to an integer in [{r.Atom.Lo}, {r.Atom.Hi}]",
        SymVal.Bool b => b.Value ? "true" : "false", _ => "a symbolic truth value",
    };

    private static NotSupportedException Mixed(string op, SymVal a, SymVal b) =>
        new($"{op} of {Describe(a)} and {Describe(b)}");
}
