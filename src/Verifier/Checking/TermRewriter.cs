using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Checking;

/// <summary>Structural operations on term DAGs (each shared node visited once).</summary>
internal static class TermRewriter
{
    /// <summary>t with every constant in <paramref name="map"/> replaced by its image (simultaneously).</summary>
    public static Term Substitute(Term t, IReadOnlyDictionary<SmtConst, Term> map)
    {
        if (map.Count == 0) return t;
        var memo = new Dictionary<Term, Term>();
        return Go(t);

        Term Go(Term x)
        {
            if (memo.TryGetValue(x, out var r)) return r;
            r = x switch
            {
                SmtConst c => map.TryGetValue(c, out var img) ? img : c,
                App a => Rebuild(a),
                UfApp u => new UfApp(u.Func, u.Args.Map(Go)),
                _ => x,
            };
            memo[x] = r;
            return r;
        }

        Term Rebuild(App a)
        {
            var args = a.Args.Map(Go);
            return args == a.Args ? a : new App(a.Op, a.Indices, args);
        }
    }

    /// <summary>The constants of t satisfying <paramref name="select"/>, in order of first occurrence in a
    /// depth-first left-to-right walk (deterministic).</summary>
    public static List<SmtConst> Constants(Term t, Func<SmtConst, bool> select)
    {
        var seen = new HashSet<Term>();
        var found = new List<SmtConst>();
        var stack = new Stack<Term>();
        stack.Push(t);
        while (stack.Count > 0)
        {
            var x = stack.Pop();
            if (!seen.Add(x)) continue;
            switch (x)
            {
                case SmtConst c when select(c): found.Add(c); break;
                case App a: for (int i = a.Args.Count - 1; i >= 0; i--) stack.Push(a.Args[i]); break;
                case UfApp u: for (int i = u.Args.Count - 1; i >= 0; i--) stack.Push(u.Args[i]); break;
            }
        }
        return found;
    }
}
