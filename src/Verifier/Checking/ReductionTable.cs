using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Checking;

/// <summary>The canonical abstraction of reductions. A reduction is evaluated once, symbolically, with its bound
/// variables as placeholder constants; then every maximal index-sorted subterm of its body that does not mention its
/// own bound variables and mentions some constant other than a dimension (an output index, an enclosing reduction's
/// placeholder, a clamped tile index min(o + t, E − 1), ...) is lambda-lifted to a parameter free0, free1, ... (in
/// first-occurrence order). Its value becomes red&lt;n&gt;(L1..Lm), an uninterpreted function applied to the lifted
/// terms (the actual arguments), or a constant red&lt;n&gt; when there are none. The function is chosen by the key
///   (kind, dtype, extents, body with own placeholders renamed bound0.. and the lifted terms renamed free0..):
/// equal keys ⇒ the same symbol.
/// <para>Soundness: the value of a fold is determined by its kind, its dtype, its extents (the index set and the
/// row-major order) and the body as a function of its bound variables; a body term B(bound, L1..Lm) in which the
/// lifted subterms L do not depend on the bound variables is, for fixed values of the L, the same function of the
/// bound variables as B(bound, free := L). So two reductions with equal keys fold the same function whenever their
/// lifted arguments are equal, which is exactly what red&lt;n&gt;(L) states: the solver's congruence closure then
/// proves red(i) = red(min(o + t, E − 1)) from i = min(o + t, E − 1). Dimension constants are left in place (they
/// are the same symbols everywhere). Distinct keys get distinct, unrelated symbols: the abstraction only loses
/// information (a claim that needs the value of a fold may fail to prove, and a model may then not replay; it never
/// proves a false claim).</para></summary>
internal sealed class ReductionTable(SymbolicSpace space)
{
    private readonly Dictionary<ReductionKey, FuncDecl> _funcs = new();
    private readonly Dictionary<ReductionKey, SmtConst> _consts = new();

    private sealed record ReductionKey(ReduceKind Kind, DType Type, EqArray<Term> Extents, Term Body);

    public int Count => _funcs.Count + _consts.Count;

    public Term Apply(ReduceKind kind, DType type, EqArray<Term> extents, IReadOnlyList<SmtConst> own, Term body)
    {
        var ownSet = own.ToHashSet();
        var rename = new Dictionary<SmtConst, Term>();
        for (int j = 0; j < own.Count; j++) rename[own[j]] = Terms.Const("bound" + j, own[j].Sort);
        if (!space.LiftIndexTerms)
        {
            // Without lifting (the congruence rule's queries, unchanged): only enclosing placeholders are parameters.
            var free = TermRewriter.Constants(body, c => space.Placeholders.Contains(c) && !ownSet.Contains(c));
            for (int m = 0; m < free.Count; m++) rename[free[m]] = Terms.Const("free" + m, free[m].Sort);
            return Lookup(new ReductionKey(kind, type, extents, TermRewriter.Substitute(body, rename)), free.ToArray<Term>());
        }
        var lifted = new List<Term>();
        var liftedIndex = new Dictionary<Term, Term>();
        var memo = new Dictionary<Term, Term>();
        var keyBody = Lift(body);
        return Lookup(new ReductionKey(kind, type, extents, keyBody), lifted.ToArray());

        Term Lookup(ReductionKey key, Term[] args)
        {
            if (args.Length == 0)
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
                f = new FuncDecl("red" + Count, space.SortOf(type), args.Select(x => x.Sort).ToArray());
                _funcs[key] = f;
            }
            return f.Apply(args);
        }

        // Depth-first, left to right: the first maximal liftable subterm gets free0, and so on.
        Term Lift(Term x)
        {
            if (memo.TryGetValue(x, out var r)) return r;
            if (x.Sort == space.IndexSort && x is not (IntLit or BvLit) && Liftable(x))
            {
                if (!liftedIndex.TryGetValue(x, out r))
                {
                    r = Terms.Const("free" + lifted.Count, x.Sort);
                    liftedIndex[x] = r;
                    lifted.Add(x);
                }
            }
            else r = x switch
            {
                SmtConst c => rename.TryGetValue(c, out var b) ? b : c,
                App a => new App(a.Op, a.Indices, a.Args.Map(Lift)),
                UfApp u => new UfApp(u.Func, u.Args.Map(Lift)),
                _ => x,
            };
            memo[x] = r;
            return r;
        }

        bool Liftable(Term x)
        {
            var consts = TermRewriter.Constants(x, _ => true);
            return !consts.Any(ownSet.Contains) && consts.Any(c => !space.IsDim(c));
        }
    }
}
