namespace KernelC.Verifier.Ptx;

/// <summary>A real polynomial in normal form over the atoms of one <see cref="RealForms"/> table:
/// Σ Coefs[i]·monomial(Monos[i]) with monomial ids strictly increasing and no zero coefficient (so the zero
/// polynomial is empty and the constant c ≠ 0 is [(0, c)], monomial 0 being the empty product).
/// Invariant used by the checker: two polynomials of the same table are equal as data iff they are equal as
/// polynomials over their atoms — equal data therefore denotes equal reals (the converse does not hold: atoms are
/// not canonical beyond what <see cref="RealForms"/> normalises).</summary>
public sealed class Poly : IEquatable<Poly>
{
    internal readonly int[] Monos;
    internal readonly Rational[] Coefs;
    private int _hash;
    /// <summary>The id in the table that interned it (-1 until interned); set once by <see cref="RealForms.PolyId"/>.</summary>
    internal int Id = -1;

    internal Poly(int[] monos, Rational[] coefs)
    {
        Monos = monos;
        Coefs = coefs;
    }

    public int Count => Monos.Length;
    public bool IsZero => Monos.Length == 0;

    /// <summary>The value when the polynomial is a constant, else null.</summary>
    public Rational? Constant => Monos.Length == 0 ? Rational.Zero : Monos.Length == 1 && Monos[0] == 0 ? Coefs[0] : null;

    public bool Equals(Poly? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Monos.Length != Monos.Length || other.GetHashCode() != GetHashCode()) return false;
        for (int i = 0; i < Monos.Length; i++)
            if (Monos[i] != other.Monos[i] || Coefs[i] != other.Coefs[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is Poly p && Equals(p);

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = new HashCode();
        for (int i = 0; i < Monos.Length; i++) { h.Add(Monos[i]); h.Add(Coefs[i].Num); h.Add(Coefs[i].Den); }
        int v = h.ToHashCode();
        _hash = v == 0 ? 1 : v;
        return _hash;
    }
}
