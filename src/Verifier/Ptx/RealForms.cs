using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Ptx;

/// <summary>The hash-consing table of the real normal form used by the lowering rule: atoms, monomials (sorted
/// multisets of atom ids) and polynomials get dense ids in order of first creation, so the same run gives the
/// same ids and the same SMT text. Both sides of a lowering obligation (the IR and the PTX) are built in ONE
/// table, so that equal values meet as equal data.
/// Identities the normal form applies (each an identity of real arithmetic, hence sound for a claim in the
/// reals): + and · associative and commutative, distributivity (products are expanded up to
/// <see cref="ExpandBudget"/> monomials, beyond that a·b is an unexpanded <see cref="RealAtom.Product"/>),
/// exact rational constant folding, max/min associative, commutative, idempotent. Not thread-safe.</summary>
public sealed class RealForms
{
    /// <summary>Largest number of monomials a product is expanded to.</summary>
    public const int ExpandBudget = 4096;

    private readonly List<RealAtom> _atoms = new();
    private readonly Dictionary<RealAtom, int> _atomIds = new();
    private readonly List<int[]> _monos = new() { Array.Empty<int>() };
    private readonly Dictionary<MonoKey, int> _monoIds = new() { [new MonoKey(Array.Empty<int>())] = 0 };
    private readonly Dictionary<(int, int), int> _monoProducts = new();
    private readonly List<Poly> _polys = new();
    private readonly Dictionary<Poly, int> _polyIds = new();
    private readonly Dictionary<int, Term> _atomTerms = new();
    private readonly Dictionary<int, Term> _polyTerms = new();

    /// <summary>This table's zero polynomial. Per table, never shared: a polynomial caches the id its table gave it,
    /// so one instance used by two tables would carry the first table's id into the second (where that id names
    /// another polynomial).</summary>
    public Poly Zero { get; } = new([], []);

    public Poly Constant(Rational c) => c.IsZero ? Zero : new Poly([0], [c]);
    public Poly Constant(double v) => Constant(Rational.FromDouble(v));

    public RealAtom AtomOf(int id) => _atoms[id];
    public Poly PolyOf(int id) => _polys[id];

    public int AtomId(RealAtom a)
    {
        if (_atomIds.TryGetValue(a, out var id)) return id;
        id = _atoms.Count;
        _atoms.Add(a);
        _atomIds[a] = id;
        return id;
    }

    public int PolyId(Poly p)
    {
        if (p.Id >= 0) return p.Id;
        if (_polyIds.TryGetValue(p, out var id)) { p.Id = id; return id; }
        id = _polys.Count;
        _polys.Add(p);
        _polyIds[p] = id;
        p.Id = id;
        return id;
    }

    // Negations are memoised by interned id: programs recompute x - m[i] for the same m[i] many times.
    private readonly Dictionary<int, Poly> _negMemo = new();

    private Poly Interned(Poly p) { PolyId(p); return _polys[p.Id]; }

    /// <summary>The polynomial 1·atom.</summary>
    public Poly Atom(RealAtom a) => new([Mono([AtomId(a)])], [Rational.One]);

    public Poly Var(SmtConst c) => Atom(new RealAtom.Var(c));

    /// <summary>The atom when p is exactly 1·(one atom), else -1.</summary>
    public int SingleAtom(Poly p)
    {
        if (p.Count != 1 || !p.Coefs[0].IsOne) return -1;
        var m = _monos[p.Monos[0]];
        return m.Length == 1 ? m[0] : -1;
    }

    public Poly Add(Poly a, Poly b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        if (b.Count == 1) return AddTerm(a, b.Monos[0], b.Coefs[0]);
        if (a.Count == 1) return AddTerm(b, a.Monos[0], a.Coefs[0]);
        var ms = new int[a.Count + b.Count];
        var cs = new Rational[a.Count + b.Count];
        int i = 0, j = 0, n = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j == b.Count || (i < a.Count && a.Monos[i] < b.Monos[j])) { ms[n] = a.Monos[i]; cs[n++] = a.Coefs[i++]; }
            else if (i == a.Count || b.Monos[j] < a.Monos[i]) { ms[n] = b.Monos[j]; cs[n++] = b.Coefs[j++]; }
            else
            {
                var c = a.Coefs[i] + b.Coefs[j];
                if (!c.IsZero) { ms[n] = a.Monos[i]; cs[n++] = c; }
                i++; j++;
            }
        }
        return n == ms.Length ? new Poly(ms, cs) : new Poly(ms[..n], cs[..n]);
    }

    // a + c·m: one binary search and one copy (the step of every accumulation loop).
    private static Poly AddTerm(Poly a, int m, Rational c)
    {
        int at = Array.BinarySearch(a.Monos, m);
        if (at >= 0)
        {
            var sum = a.Coefs[at] + c;
            if (sum.IsZero)
            {
                var ms0 = new int[a.Count - 1];
                var cs0 = new Rational[a.Count - 1];
                Array.Copy(a.Monos, 0, ms0, 0, at); Array.Copy(a.Monos, at + 1, ms0, at, a.Count - at - 1);
                Array.Copy(a.Coefs, 0, cs0, 0, at); Array.Copy(a.Coefs, at + 1, cs0, at, a.Count - at - 1);
                return new Poly(ms0, cs0);
            }
            var cs1 = (Rational[])a.Coefs.Clone();
            cs1[at] = sum;
            return new Poly(a.Monos, cs1);
        }
        at = ~at;
        var ms = new int[a.Count + 1];
        var cs = new Rational[a.Count + 1];
        Array.Copy(a.Monos, 0, ms, 0, at); Array.Copy(a.Monos, at, ms, at + 1, a.Count - at);
        Array.Copy(a.Coefs, 0, cs, 0, at); Array.Copy(a.Coefs, at, cs, at + 1, a.Count - at);
        ms[at] = m;
        cs[at] = c;
        return new Poly(ms, cs);
    }

    public Poly Scale(Poly a, Rational c)
    {
        if (c.IsZero || a.IsZero) return Zero;
        if (c.IsOne) return a;
        var cs = new Rational[a.Count];
        for (int i = 0; i < cs.Length; i++) cs[i] = a.Coefs[i] * c;
        return new Poly(a.Monos, cs);
    }

    public Poly Neg(Poly a)
    {
        int x = PolyId(a);
        if (_negMemo.TryGetValue(x, out var r)) return r;
        r = Interned(Scale(a, -Rational.One));
        _negMemo[x] = r;
        return r;
    }
    public Poly Sub(Poly a, Poly b) => Add(a, Neg(b));

    /// <summary>a·b expanded (distributivity), or the atom Product(a, b) when the expansion would exceed
    /// <see cref="ExpandBudget"/> monomials.</summary>
    public Poly Mul(Poly a, Poly b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        if (a.Count == 1 && b.Count == 1) return new Poly([MulMono(a.Monos[0], b.Monos[0])], [a.Coefs[0] * b.Coefs[0]]);
        return MulRaw(a, b);
    }

    private Poly MulRaw(Poly a, Poly b)
    {
        if (a.Constant is { } ca) return Scale(b, ca);
        if (b.Constant is { } cb) return Scale(a, cb);
        if ((long)a.Count * b.Count > ExpandBudget)
        {
            int x = PolyId(a), y = PolyId(b);
            return Atom(new RealAtom.Product(Math.Min(x, y), Math.Max(x, y)));
        }
        var acc = new Dictionary<int, Rational>();
        for (int i = 0; i < a.Count; i++)
            for (int j = 0; j < b.Count; j++)
            {
                int m = MulMono(a.Monos[i], b.Monos[j]);
                var c = a.Coefs[i] * b.Coefs[j];
                acc[m] = acc.TryGetValue(m, out var old) ? old + c : c;
            }
        var keys = acc.Where(kv => !kv.Value.IsZero).Select(kv => kv.Key).OrderBy(k => k).ToArray();
        return new Poly(keys, keys.Select(k => acc[k]).ToArray());
    }

    /// <summary>1/a: the exact inverse of a nonzero constant, else the atom Inv(a). Null for the constant 0.</summary>
    public Poly? Inverse(Poly a)
    {
        if (a.Constant is { } c) return c.IsZero ? null : Constant(c.Inverse());
        return Atom(new RealAtom.Inv(PolyId(a)));
    }

    /// <summary>max (or min) of a and b: constants are compared exactly; otherwise the operand sets (an operand
    /// that is itself an Extreme atom of the same kind contributes its operands) are merged into one atom, keeping
    /// only the largest (smallest) constant.</summary>
    public Poly Extreme(bool isMax, Poly a, Poly b)
    {
        if (a.Constant is { } ca && b.Constant is { } cb)
            return (isMax ? ca.CompareTo(cb) >= 0 : ca.CompareTo(cb) <= 0) ? a : b;
        var ops = new SortedSet<int>();
        Rational? best = null;
        foreach (var p in new[] { a, b })
        {
            if (p.Constant is { } c) { best = best is { } bb && (isMax ? bb.CompareTo(c) >= 0 : bb.CompareTo(c) <= 0) ? bb : c; continue; }
            int at = SingleAtom(p);
            if (at >= 0 && _atoms[at] is RealAtom.Extreme e && e.IsMax == isMax)
            {
                foreach (var x in e.Args)
                {
                    var px = _polys[x];
                    if (px.Constant is { } cx) best = best is { } bb && (isMax ? bb.CompareTo(cx) >= 0 : bb.CompareTo(cx) <= 0) ? bb : cx;
                    else ops.Add(x);
                }
            }
            else ops.Add(PolyId(p));
        }
        if (best is { } k) ops.Add(PolyId(Constant(k)));
        if (ops.Count == 1) return _polys[ops.Min];
        return Atom(new RealAtom.Extreme(isMax, ops.ToEqArray()));
    }

    /// <summary>ite(cond, a, b) with a symbolic condition (a = b gives a).</summary>
    public Poly Ite(Term cond, Poly a, Poly b) =>
        a.Equals(b) ? a : Atom(new RealAtom.Ite(cond, PolyId(a), PolyId(b)));

    /// <summary>f(a) for an uninterpreted Real→Real function.</summary>
    public Poly Apply(FuncDecl f, Poly a) => Atom(new RealAtom.Fn(f, PolyId(a)));

    private int Mono(int[] sortedAtoms)
    {
        var key = new MonoKey(sortedAtoms);
        if (_monoIds.TryGetValue(key, out var id)) return id;
        id = _monos.Count;
        _monos.Add(sortedAtoms);
        _monoIds[key] = id;
        return id;
    }

    private int MulMono(int x, int y)
    {
        if (x == 0) return y;
        if (y == 0) return x;
        var k = x < y ? (x, y) : (y, x);
        if (_monoProducts.TryGetValue(k, out var m)) return m;
        var a = _monos[x];
        var b = _monos[y];
        var r = new int[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length || j < b.Length)
            r[n++] = j == b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
        m = Mono(r);
        _monoProducts[k] = m;
        return m;
    }

    /// <summary>The SMT term of p (Real sort): a sum of coefficient·product-of-atoms in monomial order.
    /// Memoised, so equal polynomials give the identical term.</summary>
    public Term ToTerm(Poly p)
    {
        int id = PolyId(p);
        if (_polyTerms.TryGetValue(id, out var t)) return t;
        if (p.IsZero) t = Real(0);
        else
        {
            var parts = new Term[p.Count];
            for (int i = 0; i < p.Count; i++)
            {
                var c = p.Coefs[i];
                var atoms = _monos[p.Monos[i]];
                var factors = atoms.Select(AtomTerm).ToList();
                if (atoms.Length == 0) parts[i] = Lit(c);
                else
                {
                    if (!c.IsOne) factors.Insert(0, Lit(c));
                    parts[i] = factors.Count == 1 ? factors[0] : Terms.Mul(factors.ToArray());
                }
            }
            t = parts.Length == 1 ? parts[0] : Terms.Add(parts);
        }
        _polyTerms[id] = t;
        return t;
    }

    private static Term Lit(Rational c) => Real(c.Num, c.Den);

    // Atoms in the SMT claim: input constants as themselves, uninterpreted functions applied to their argument's
    // term, a rounded integer as its definition clamp(round_mode_real(x), lo, hi); every other atom (max/min of a set, 1/p, ite, an unexpanded product) is ABSTRACTED to a free real constant
    // named after its id (max12, inv7, ...), the same constant wherever the atom occurs, on both sides. A claim proved
    // with the constants free holds for every value of them, in particular the atoms' real values (a sound
    // generalisation); a model of the negation may be spurious, which is why a refutation is only believed after a
    // concrete replay. It keeps the files small and the arithmetic free of the max chains' case splits.
    private Term AtomTerm(int id)
    {
        if (_atomTerms.TryGetValue(id, out var t)) return t;
        t = _atoms[id] switch
        {
            RealAtom.Var v => v.Const,
            RealAtom.Fn f => f.Func.Apply(ToTerm(_polys[f.Arg])),
            RealAtom.Rounded r => RoundedIntRules.Encode(r, ToTerm(_polys[r.Arg])),
            RealAtom.Inv => Const($"inv{id}", Sort.Real),
            RealAtom.Ite => Const($"ite{id}", Sort.Real),
            RealAtom.Product => Const($"prod{id}", Sort.Real),
            RealAtom.Extreme e => Const($"{(e.IsMax ? "max" : "min")}{id}", Sort.Real),
            _ => throw new InvalidOperationException("unknown atom"),
        };
        _atomTerms[id] = t;
        return t;
    }

    private readonly struct MonoKey(int[] atoms) : IEquatable<MonoKey>
    {
        private readonly int[] _a = atoms;

        public bool Equals(MonoKey o) => _a.AsSpan().SequenceEqual(o._a);
        public override bool Equals(object? obj) => obj is MonoKey k && Equals(k);

        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (var x in _a) h.Add(x);
            return h.ToHashCode();
        }
    }
}
