using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Ptx;

/// <summary>The normal form of a float rounded to an integer in the lowering rule's domain: the atom
/// <see cref="RealAtom.Rounded"/> r = clamp(round_mode(x), lo, hi) = min(max(round_mode(x), lo), hi) for a symbolic
/// real x, with round_mode an UNINTERPRETED function per rounding mode (`round_rn_real`, `round_rz_real`, ...), the
/// same on the IR side (cast f32 → i8, saturating) and on the PTX side (cvt.rni.s32.f32 saturates to s32; the
/// emitter's max.s32/min.s32 clamp it further), so both meet as the same atom when they compute the same thing.
/// Rules (each an identity of the integers, hence sound):
///  - round(x) saturated into the range [lo, hi] of the destination type is the atom (mode, x, lo, hi);
///  - max(r, c) = r if c ≤ lo; (mode, x, c, hi) if lo &lt; c ≤ hi (max(min(z, hi), c) = min(max(z, c), hi) for c ≤ hi);
///    the constant c if c &gt; hi; min dually; an atom with lo = hi is that constant;
///  - r read at an integer type whose range contains [lo, hi] (a conversion, a store and the reload of the same
///    type) is r itself; at any other type it is NOT modelled (NotSupportedException: a wrap or a sign change of a
///    symbolic integer is never guessed);
///  - r converted to a float is its real value: the atom as a real.
/// Anything else on r (arithmetic, a comparison, an index, an address, a branch) throws in the domain.
/// SMT: the atom is the term ite(y &lt; lo, lo, ite(y &gt; hi, hi, y)), y = round_mode_real(x) — exactly its
/// definition; two atoms are the same data only when their argument is the same interned polynomial, with the same
/// mode and range.</summary>
public sealed class RoundedIntRules(RealForms forms)
{
    /// <summary>The uninterpreted Real → Real rounding to an integer in <paramref name="mode"/>: `round_rn_real`, ...</summary>
    public static FuncDecl Function(RoundingMode mode) => new($"round_{mode.Suffix()}_real", Sort.Real, Sort.Real);

    /// <summary>What a lowering record adds to its semantics when a float was rounded to an integer.</summary>
    public const string Statement =
        "a float rounded to an integer (IR cast to i8/i32 with a rounding mode; PTX cvt.r*i.s32.f32, its clamps by max/min.s32, "
        + "st/ld of the same type) is clamp(round_<mode>_real(x), lo, hi) with round_<mode>_real uninterpreted: the same function on both sides";

    /// <summary>True once a symbolic real was rounded to an integer.</summary>
    public bool Used { get; private set; }

    /// <summary>x (not a constant) rounded in <paramref name="mode"/> and saturated into <paramref name="to"/>'s range.</summary>
    public SymVal.RoundedInt Round(Poly x, RoundingMode mode, DType to)
    {
        if (x.Constant is not null) throw new ArgumentException("a constant is rounded concretely (compiler bug)", nameof(x));
        Used = true;
        var (lo, hi) = Range(to);
        return new(new RealAtom.Rounded(mode, forms.PolyId(x), lo, hi));
    }

    /// <summary>The real value of r (an integer converted to a float exactly).</summary>
    public Poly ToReal(SymVal.RoundedInt r) => forms.Atom(r.Atom);

    /// <summary>max(r, c) (isMax) or min(r, c) for a concrete integer c.</summary>
    public static SymVal Clamp(bool isMax, SymVal.RoundedInt r, long c)
    {
        var a = r.Atom;
        if (isMax)
        {
            if (c <= a.Lo) return r;
            if (c >= a.Hi) return new SymVal.Int(c); // c = hi: clamp into [hi, hi]
            return new SymVal.RoundedInt(a with { Lo = c });
        }
        if (c >= a.Hi) return r;
        if (c <= a.Lo) return new SymVal.Int(c);
        return new SymVal.RoundedInt(a with { Hi = c });
    }

    /// <summary>r read as an integer of dtype <paramref name="to"/>: itself when [lo, hi] lies in to's range.</summary>
    public static SymVal.RoundedInt Fit(SymVal.RoundedInt r, DType to)
    {
        var (lo, hi) = Range(to);
        return Fit(r, lo, hi, to.Name());
    }

    /// <summary>r read as an integer of the range [lo, hi] (named <paramref name="type"/> in the message).</summary>
    public static SymVal.RoundedInt Fit(SymVal.RoundedInt r, long lo, long hi, string type) =>
        r.Atom.Lo >= lo && r.Atom.Hi <= hi ? r
            : throw new NotSupportedException($"a rounded integer in [{r.Atom.Lo}, {r.Atom.Hi}] read as {type} (range [{lo}, {hi}]): "
                + "a wrap of a symbolic integer is not modelled");

    /// <summary>The SMT term of the atom given its argument's term: clamp(round_mode_real(x), lo, hi).</summary>
    public static Term Encode(RealAtom.Rounded r, Term x)
    {
        Term y = Function(r.Mode).Apply(x), lo = Real(r.Lo, 1), hi = Real(r.Hi, 1);
        return Ite(Lt(y, lo), lo, Ite(Gt(y, hi), hi, y));
    }

    private static (long Lo, long Hi) Range(DType t)
    {
        var (lo, hi) = OpSemantics.IntRange(t);
        return t == DType.Index ? (long.MinValue, long.MaxValue) : ((long)lo, (long)hi);
    }
}
