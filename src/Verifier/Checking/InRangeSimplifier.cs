using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Rewrites a reduction body under the range of its bound variable b (0 ≤ b &lt; E), bottom-up. Each rule is
/// an identity on that range only, which is all a fold ever evaluates:
///   b + 0 = b;   (b &lt; E) = true;   (E − 1 &lt; b) = false;   ite(true, x, y) = x;   ite(false, x, y) = y.
/// So the tiled body select(kb + kk &lt; K, f(min(kb + kk, K − 1)), identity) at (b, 0) becomes f(b), the original
/// body — the same key in the reduction table, the same fold.</summary>
internal static class InRangeSimplifier
{
    public static Term Simplify(Term t, SmtConst b, Term extent, SymbolicSpace s)
    {
        var memo = new Dictionary<Term, Term>();
        var zero = s.IndexLit(0);
        var one = s.IndexLit(1);
        var lastE = s.IndexSub(extent, one);
        return Go(t);

        Term Go(Term x)
        {
            if (memo.TryGetValue(x, out var r)) return r;
            r = x switch
            {
                App a => Rule(new App(a.Op, a.Indices, a.Args.Map(Go))),
                UfApp u => new UfApp(u.Func, u.Args.Map(Go)),
                _ => x,
            };
            memo[x] = r;
            return r;
        }

        Term Rule(App a)
        {
            if (a.Args.Count == 2)
            {
                var (l, rt) = (a.Args[0], a.Args[1]);
                if (a.Op is SmtOp.BvAdd or SmtOp.Add && l == b && rt == zero) return b;
                if (a.Op is SmtOp.BvSlt or SmtOp.Lt && l == b && rt == extent) return True;
                if (a.Op is SmtOp.BvSlt or SmtOp.Lt && l == lastE && rt == b) return False;
            }
            if (a.Op == SmtOp.Ite && a.Args[0] is BoolLit c) return c == BoolLit.True ? a.Args[1] : a.Args[2];
            return a;
        }
    }
}
