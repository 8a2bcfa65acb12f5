using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The split lemmas for one <see cref="SplitSite"/> outer[kb &lt; K step S]{ inner[kk &lt; T]{ g(kb, kk) } }
/// with ⊕ its combine and I its identity, h(k) = g(k, 0). P is the prefix fold of h, an uninterpreted function whose
/// defining equations P(0) = I, P(n + 1) = P(n) ⊕ h(n) are instantiated only where used (true of the real prefix
/// fold, hence sound). Q(b) is the outer fold after b blocks: Q(0) = I, Q(b + 1) = Q(b) ⊕ inner(b·S).
///  - base:  Q(0) = I = P(0)                                   (its own obligation; trivial)
///  - step:  for every kb = b·S &lt; K: P(kb) ⊕ inner(kb) = P(kb + S)   (S instances of P's equation; so Q(b) = P(b·S)
///           for every block by induction on b)
///  - tail:  P(K + j) = P(K) for every j &lt; S                  (h(k) = I for k ≥ K; the last block ends below K + S)
/// Together: the outer fold = P(⌈K/S⌉·S) = P(K) = the flat fold of h over k &lt; K, which the expander puts in place
/// of the site. Sums are stated in the reals (regrouping changes IEEE rounding), max/min bit-exact in IEEE.</summary>
internal static class TilingSplitLemmas
{
    public static IEnumerable<PlannedObligation> Plan(Kernel before, Kernel after, string output, SplitSite site, int n,
        SymbolicSpace s, EqArray<SmtConst> decls, IReadOnlyList<Term> assumptions, CheckContext ctx, TilingReplay replay)
    {
        var d = s.Domain;
        var P = new FuncDecl($"pfx{n}", s.SortOf(site.Type), s.IndexSort);
        Term Comb(Term a, Term b) => OpSemantics.Combine(d, site.Kind, a, b, site.Type);
        var id = OpSemantics.Identity(d, site.Kind, site.Type);
        Term H(Term k) => site.G(k, s.IndexLit(0), site.Context);
        Term Def(Term at) => Eq(P.Apply(s.IndexAdd(at, s.IndexLit(1))), Comb(P.Apply(at), H(at)));
        bool ieee = s.Semantics == ClaimSemantics.Ieee;
        string sem = ieee ? $"IEEE {site.Type.Name()} bit-exact" : "reals";
        string tol = ieee ? "0 (bit-exact: max/min regrouping is exact)"
            : $"|tiled - flat| <= gamma_(ceil(K/{site.Step}) + {site.Inner}) * sum_k |x_k| (u = 2^-24 for f32; stated, not proved)";
        string notIeee = ieee ? "" : " IEEE bit-equality is NOT claimed for this split sum.";

        // base: the outer fold starts from the identity, Q(0) = I, and the prefix fold's defining equation at 0 is
        // P(0) = I; the claim Q(0) = P(0) is the induction's base (trivial, but its own obligation and record).
        var name = $"{after.Name}.{output}.split{n}.base";
        var zero = s.IndexLit(0);
        var ob = new Obligation(name, decls, assumptions.Concat(site.Context).Append(Eq(P.Apply(zero), id)).ToEqArray(), Eq(id, P.Apply(zero)));
        yield return new PlannedObligation(ob, ctx.Record(name, after, output,
            $"for all {CongruenceRule.DimsText(after)}: base of the split {site.Kind.Name()} {site.Name}: the outer fold after 0 blocks, "
            + $"Q(0) = identity, equals P(0), the prefix {site.Kind.Name()} of h(k) = g(k, 0) over no terms.{notIeee}", "all", sem, tol), replay);

        // step
        var kb = Const($"kb{n}", s.IndexSort);
        var stepAssume = assumptions.Concat(site.Context).Append(s.InRange(kb, site.K)).Append(s.Multiple(kb, site.Step)).ToList();
        for (long j = 0; j < site.Step; j++) stepAssume.Add(Def(s.IndexAdd(kb, s.IndexLit(j))));
        Term inner = id;
        for (long j = 0; j < site.Inner; j++) inner = Comb(inner, site.G(kb, s.IndexLit(j), site.Context));
        var stepClaim = Eq(Comb(P.Apply(kb), inner), P.Apply(s.IndexAdd(kb, s.IndexLit(site.Step))));
        name = $"{after.Name}.{output}.split{n}.step";
        ob = new Obligation(name, decls.Add(kb), stepAssume.ToEqArray(), stepClaim);
        yield return new PlannedObligation(ob, ctx.Record(name, after, output,
            $"for all {CongruenceRule.DimsText(after)}: the split {site.Kind.Name()} {site.Name} (blocks of {site.Step}, inner extent {site.Inner}) "
            + $"regroups the flat fold: with P the prefix {site.Kind.Name()} of h(k) = g(k, 0) (base Q(0) = P(0): split{n}.base), step "
            + $"P(kb) (+) block(kb) = P(kb + {site.Step}) for every block origin kb < K (induction on the block count).{notIeee}",
            "all", sem, tol), replay);

        // tail
        var tailAssume = assumptions.Concat(site.Context).ToList();
        for (long j = 0; j + 1 < site.Step; j++) tailAssume.Add(Def(s.IndexAdd(site.K, s.IndexLit(j))));
        // S = 1: the last block ends at K exactly, nothing is padded and the claim is the empty conjunction.
        var tailClaim = site.Step <= 1 ? True : And(Enumerable.Range(1, (int)site.Step - 1)
            .Select(j => Eq(P.Apply(s.IndexAdd(site.K, s.IndexLit(j))), P.Apply(site.K))).ToArray());
        name = $"{after.Name}.{output}.split{n}.tail";
        ob = new Obligation(name, decls, tailAssume.ToEqArray(), tailClaim);
        yield return new PlannedObligation(ob, ctx.Record(name, after, output,
            $"for all {CongruenceRule.DimsText(after)}: conclusion of the split {site.Kind.Name()} {site.Name}: the padded contributions k >= K "
            + $"are identities, so P(ceil(K/{site.Step})*{site.Step}) = P(K), the flat fold over k < K.{notIeee}", "all", sem, tol), replay);
    }
}
