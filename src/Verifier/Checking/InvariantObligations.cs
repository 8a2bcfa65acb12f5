using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The obligations of rule invariant for one kernel (names &lt;k&gt;.&lt;o&gt;.invariant.*). Together, by
/// induction on k and on the block start kb (stated here, each case proved by the solver):
///  score.finite          every key's score is finite or −inf (so PM/PL/PA fold the source's values);
///  live0                 key 0 is live for every row (so PM(k) is defined for k ≥ 1);
///  scale.base/step       PL(k, c2) = PL(k, c1)·E(c1 − c2) (and PA) for all k, by induction on k;
///  pos.base/step         PL(k, c) &gt; 0 for k ≥ 1, by induction on k;
///  bound                 the loop bound is a multiple of Bk in [1, N]: the loop exits at kb = bound;
///  base, step.*          the invariant holds at kb = 0 and is kept by one block (kb → kb + Bk): step.first.* for
///                        kb = 0, step.next.* for kb ≥ Bk, each split into its m, l (given m) and acc (given m) parts;
///  tail.step             (bound ≠ N) keys in [bound, N) are masked: PM, PL, PA do not change past the bound;
///  source.sum&lt;n&gt;        the source's key sums have the summands of PL / PA at c = PM(N);
///  conclusion            at exit the tile acc/l equals the source's o = PA(N, PM(N)) / PL(N, PM(N)).
/// The lemmas enter the step and the conclusion only as ground instances.</summary>
internal sealed class InvariantObligations(Kernel k, CheckContext ctx, List<Term> world, InvariantPrefix pf, Term n,
    Term bound, long bk, SmtConst kb, IRefutationCheck replay)
{
    private readonly List<PlannedObligation> _out = [];

    private void Emit(string name, IEnumerable<Term> assumptions, Term claim, string text)
    {
        var asm = world.Concat(assumptions).ToList();
        var consts = asm.Append(claim).SelectMany(t => TermRewriter.Constants(t, _ => true)).Distinct()
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToEqArray();
        var full = $"{k.Name}.{k.Outputs[0].Name}.invariant.{name}";
        var ob = new Obligation(full, consts, asm.ToEqArray(), claim);
        var rec = ctx.Record(full, k, k.Outputs[0].Name, text, "all", InvariantPlanner.Semantics, InvariantPlanner.Tolerance);
        _out.Add(new PlannedObligation(ob, rec, replay));
    }

    public List<PlannedObligation> All(XVal[] inits, XVal[] nextFirst, XVal[] nextLater, XVal[] fin, XVal tile, XVal oBefore,
        InvariantSource source, bool tail)
    {
        var kk = Const("k", Sort.Int);
        var c1 = Const("c1", Sort.Real);
        var c2 = Const("c2", Sort.Real);
        var cc = Const("c", Sort.Real);
        Term One(Term t) => Add(t, Int(1));
        var zero = Int(0);
        var boundFacts = new[] { Eq(IntMod(bound, Int(bk)), zero), Le(Int(1), bound), Le(bound, n) };

        Emit("score.finite", [Le(zero, source.J), Lt(source.J, n)], source.ScoreFinite,
            "the source's score of every key is finite or -inf (masked), never NaN or +inf");
        Emit("live0", [], pf.Live(zero), "key 0 is not masked for any row (so the running max is finite after the first block)");
        Emit("scale.base", [pf.BaseL(c1), pf.BaseL(c2), pf.BaseA(c1), pf.BaseA(c2)], pf.Scale(zero, c1, c2),
            "scaling lemma, base: PL(0, c2) = PL(0, c1)*E(c1 - c2) and the same for PA");
        Emit("scale.step", [Ge(kk, zero), pf.Scale(kk, c1, c2), pf.DefL(kk, c1), pf.DefL(kk, c2), pf.DefA(kk, c1), pf.DefA(kk, c2),
                pf.Product(pf.S(kk), c1, c2), pf.ProductTimes(pf.S(kk), c1, c2, pf.V(kk)),
                pf.DefLTimes(kk, c1, pf.E(Sub(c1, c2))), pf.DefATimes(kk, c1, pf.E(Sub(c1, c2)))],
            pf.Scale(One(kk), c1, c2), "scaling lemma, step: the lemma at k implies it at k + 1 (one instance of E(a)*E(b) = E(a+b); it and the definitions of PL, PA at k are also given multiplied by V(k) resp. E(c1 - c2))");
        Emit("pos.base", [pf.BaseL(cc), pf.DefL(zero, cc), pf.Live(zero), Gt(pf.E(Sub(pf.S(zero), cc)), Real(0))],
            Gt(pf.L(Int(1), cc), Real(0)), "positivity, base: PL(1, c) > 0 (key 0 is live, E > 0)");
        Emit("pos.step", [Ge(kk, Int(1)), Gt(pf.L(kk, cc), Real(0)), pf.DefL(kk, cc), Gt(pf.E(Sub(pf.S(kk), cc)), Real(0))],
            Gt(pf.L(One(kk), cc), Real(0)), "positivity, step: PL(k, c) > 0 implies PL(k + 1, c) > 0 for k >= 1");
        Emit("bound", [], And(boundFacts), $"the loop bound is a multiple of the block size {bk} in [1, N]: the loop ends at kb = bound");
        Emit("base", [], pf.Inv(zero, inits[0], inits[1], inits[2]),
            "invariant, base: the carried inits satisfy the invariant at kb = 0 (m = -inf, l = 0, acc = 0)");

        var t = Const("blk", Sort.Int);
        var kbEnd = Add(kb, Int(bk));
        var mEnd = pf.M(kbEnd);
        // The state the block starts from is the invariant at kb itself (substituted by the planner: -inf, 0, 0 for
        // kb = 0; PM(kb), PL(kb, PM(kb)), PA(kb, PM(kb)) for kb >= Bk), so it is not an assumption here.
        var step = new List<Term> { Eq(kb, Mul(Int(bk), t)), Ge(t, zero), Lt(kb, bound), pf.Live(zero),
            pf.BaseL(mEnd), pf.BaseA(mEnd), pf.Scale(kb, pf.M(kb), mEnd), Eq(pf.E(Real(0)), Real(1)) };
        step.AddRange(boundFacts);
        for (long j = 0; j < bk; j++)
        {
            var at = Add(kb, Int(j));
            step.Add(pf.DefM(at));
            step.Add(pf.DefL(at, mEnd));
            step.Add(pf.DefA(at, mEnd));
        }
        // The step is split (each part its own obligation): kb = 0 (the -inf start) and kb >= Bk cover every block
        // start kb = Bk*t, t >= 0; kbEnd >= Bk > 0, so the invariant at kbEnd is its second case, the conjunction of
        // the m, l and acc parts. The l and acc parts are computed (by the planner) with the new m at the row replaced
        // by PM(kb + Bk): the m part, proved as its own obligation under the same assumptions (a lemma, not a belief).
        foreach (var (tag, kase, next, words) in new[] { ("first", Eq(kb, zero), nextFirst, "kb = 0 (state: m = -inf, l = 0, acc = 0)"),
                                                         ("next", Ge(kb, Int(bk)), nextLater, $"kb >= {bk} (state: the invariant at kb)") })
        {
            var mPart = next[0].FiniteEquals(mEnd);
            var asm = step.Append(kase).ToList();
            Emit($"step.{tag}.m", asm, mPart,
                $"invariant, step ({words}): one key block (the loop body symbolically executed for one row at a symbolic block start kb) gives m = PM(kb + {bk})");
            Emit($"step.{tag}.l", asm, next[1].FiniteEquals(pf.L(kbEnd, mEnd)),
                $"invariant, step ({words}): given step.{tag}.m, the block gives l = PL(kb + {bk}, PM(kb + {bk}))");
            Emit($"step.{tag}.acc", asm, next[2].FiniteEquals(pf.A(kbEnd, mEnd)),
                $"invariant, step ({words}): given step.{tag}.m, the block gives acc[d] = PA(kb + {bk}, PM(kb + {bk}), d)");
        }

        var exitFacts = new List<Term>(boundFacts) { pf.Inv(bound, fin[0], fin[1], fin[2]) };
        var mN = pf.M(n);
        if (tail)
        {
            Term Same(Term at) => And(Eq(pf.M(at), pf.M(bound)), Eq(pf.L(at, cc), pf.L(bound, cc)), Eq(pf.A(at, cc), pf.A(bound, cc)));
            Emit("tail.step", boundFacts.Concat([Le(bound, kk), Lt(kk, n), Same(kk), pf.DefM(kk), pf.DefL(kk, cc), pf.DefA(kk, cc)]),
                Same(One(kk)), "keys past the loop bound are masked: PM, PL, PA at k + 1 equal their values at the bound (induction step; the base k = bound is trivial)");
            exitFacts.Add(Eq(mN, pf.M(bound)));
            exitFacts.Add(Eq(pf.L(n, mN), pf.L(bound, mN)));
            exitFacts.Add(Eq(pf.A(n, mN), pf.A(bound, mN)));
        }
        exitFacts.Add(Gt(pf.L(n, mN), Real(0)));
        exitFacts.Add(Gt(pf.L(bound, pf.M(bound)), Real(0)));
        for (int s = 0; s < source.Sums.Count; s++)
        {
            var (body, isA) = source.Sums[s];
            Emit($"source.sum{s}", [Le(zero, source.J), Lt(source.J, n)],
                body.FiniteEquals(isA ? pf.SummandA(source.J, mN) : pf.SummandL(source.J, mN)),
                $"the source's key sum #{s} has the summand of {(isA ? "PA" : "PL")} at c = PM(N): it is {(isA ? "PA" : "PL")}(N, PM(N))");
        }
        Emit("conclusion", exitFacts, XVal.Conj(tile.IsFinite, oBefore.IsFinite, Eq(tile.V, oBefore.V)),
            "conclusion: at loop exit the tile acc / l equals the source's o[i, d] = PA(N, PM(N)) / PL(N, PM(N)), finite");
        return _out;
    }
}
