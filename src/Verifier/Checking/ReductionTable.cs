using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Checking;

/// <summary>The canonical abstraction of reductions. A reduction is evaluated once, symbolically, with its bound
/// variables as placeholder constants; its value becomes red&lt;n&gt;(F1..Fm), an uninterpreted function applied to
/// the placeholders of ENCLOSING reductions that its body mentions (F, in first-occurrence order), or a constant
/// red&lt;n&gt; when there are none. The function is chosen by the key
///   (kind, dtype, extents, body with own placeholders renamed bound0.. and F renamed free0..):
/// equal keys ⇒ the same symbol.
/// <para>Soundness: the value of a fold is determined by its kind, its dtype, its extents (the index set and the
/// row-major order) and the body as a function of its bound variables and of F. Two reductions with equal keys have
/// the same kind, dtype and extents, and bodies that are the same term up to the renaming, hence the same function
/// of (bound, F): so their values are the same function of F, which is what red&lt;n&gt;(F) denotes. Distinct keys
/// get distinct, unrelated symbols: the abstraction only loses information (a claim that needs the value of a fold
/// may fail to prove, and a model may then not replay; it never proves a false claim).</para></summary>
internal sealed class ReductionTable(SymbolicSpace space)
{
    private readonly Dictionary<ReductionKey, FuncDecl> _funcs = new();
    private readonly Dictionary<ReductionKey, SmtConst> _consts = new();

    private sealed record ReductionKey(ReduceKind Kind, DType Type, EqArray<Term> Extents, Term Body);

    public int Count => _funcs.Count + _consts.Count;

    public Term Apply(ReduceKind kind, DType type, EqArray<Term> extents, IReadOnlyList<SmtConst> own, Term body)
    {
        var ownSet = own.ToHashSet();
        var free = TermRewriter.Constants(body, c => space.Placeholders.Contains(c) && !ownSet.Contains(c));
        var rename = new Dictionary<SmtConst, Term>();
        for (int j = 0; j < own.Count; j++) rename[own[j]] = Terms.Const("bound" + j, own[j].Sort);
        for (int m = 0; m < free.Count; m++) rename[free[m]] = Terms.Const("free" + m, free[m].Sort);
        var key = new ReductionKey(kind, type, extents, TermRewriter.Substitute(body, rename));
        if (free.Count == 0)
        {
            if (!_consts.TryGetValue(key, out var c))
            {
                c = Terms.Const("red" + Count, space.SortOf(type));
                _consts[key] = c;
            }
            return c;
        }
        if (!_funcs.TryGetValue(key, out var f))
        {
            f = new FuncDecl("red" + Count, space.SortOf(type), free.Select(x => x.Sort).ToArray());
            _funcs[key] = f;
        }
        return f.Apply(free.ToArray<Term>());
    }
}
