using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Ptx;

/// <summary>A value of the lowering rule's symbolic domain (<see cref="RealFormDomain"/>): a real in normal form,
/// the extended-real values ±inf and NaN (exact only where they are concrete: the identity of a max reduction,
/// a masked score), a concrete integer of any width, a concrete or a symbolic truth value.</summary>
public abstract record SymVal
{
    public sealed record Real(Poly Value) : SymVal;
    public sealed record Inf(bool Negative) : SymVal;
    public sealed record NaN : SymVal { public static readonly NaN Instance = new(); }
    public sealed record Int(long Value) : SymVal;
    /// <summary>The integer clamp(round_mode(x), lo, hi) of a symbolic real x (<see cref="RoundedIntRules"/>). It is data
    /// only: never an index, an address, a branch condition or a loop bound (every such use throws).</summary>
    public sealed record RoundedInt(RealAtom.Rounded Atom) : SymVal;
    public sealed record Bool(bool Value) : SymVal
    {
        public static readonly Bool True = new(true);
        public static readonly Bool False = new(false);
    }
    public sealed record SymBool(Term Value) : SymVal;
}
