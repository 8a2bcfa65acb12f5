using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>Rule Invariant (FlashAttention): the loop-level kernel equals the tensor-level attention in REAL
/// arithmetic (exp uninterpreted, sound facts only; −inf an explicit case) for ALL sequence lengths. Everything is
/// regenerated from the two IRs: the source's scores S(j), mask live(j) and values V(j) come from symbolically
/// executing the IR before (its reductions over the key axis must be the max of S and the sums of
/// <see cref="InvariantPrefix"/>'s summands: obligations source.sum&lt;n&gt;); the block step comes from
/// symbolically executing the for body of the IR after for one symbolic row and column at a symbolic block start kb.
/// The hint invariant= must name <see cref="InvariantPrefix.Text"/> (it is never believed, only compared).</summary>
internal static class InvariantRule
{
    public static RulePlan Plan(Module before, Module after, IReadOnlyList<Kernel> kernels, Certificate cert, CheckContext ctx)
    {
        var inv = cert.Hint("invariant");
        if (inv is null) return RulePlan.Reject("rule invariant needs the hint invariant=" + InvariantPrefix.Text);
        if (inv != InvariantPrefix.Text)
            return RulePlan.Reject($"hint invariant={inv} is not the invariant this checker proves ({InvariantPrefix.Text})");
        var plan = new List<PlannedObligation>();
        foreach (var k in kernels)
        {
            try
            {
                plan.AddRange(InvariantPlanner.Kernel(before.Find(k.Name)!, k, ctx));
                plan.AddRange(InBoundsLoop.Plan(before.Find(k.Name)!, k, ctx));
            }
            catch (InvariantUnsupported u) { return RulePlan.Reject($"rule invariant cannot check @{k.Name}: {u.Message}"); }
        }
        return RulePlan.Of(plan);
    }
}

/// <summary>Builds the obligations of one kernel (see <see cref="InvariantRule"/>).</summary>
internal static class InvariantPlanner
{
    public const string Semantics = "reals (exp uninterpreted, sound facts only; -inf an explicit case)";
    public const string Tolerance = "f32 online softmax: relative error O(Bk*u + (N/Bk)*u) vs the source's, u = 2^-24 (stated, not proved)";

    public static List<PlannedObligation> Kernel(Kernel src, Kernel k, CheckContext ctx)
    {
        if (k.Body.Count != 1 || k.Body[0].Op != Opcode.Parallel || k.Outputs.Count != 1 || k.Outputs[0].Type.Shape.Count != 2)
            throw new InvariantUnsupported("expected one parallel producing one rank-2 output");
        var par = k.Body[0];
        var region = par.Body!;
        var sym = new InvariantSymbols();
        var world = InBoundsLoop.World(k, sym);
        Term DimT(Dim d) => d is Dim.Const c ? Int(c.Value) : sym.Dim(((Dim.Sym)d).Name);

        // One tile origin per axis (a multiple of its step below the extent) and one offset inside the tile.
        var origins = new Term[2];
        var offs = new Term[2];
        for (int a = 0; a < 2; a++)
        {
            var iv = region.Indices[a];
            var u = Const($"tile{a}", Sort.Int);
            offs[a] = Const($"off{a}", Sort.Int);
            var step = DimT(iv.Step!);
            // step = extent (one tile spans the axis, e.g. the head dim D step D): u ≥ 0 and step·u < extent force
            // u = 0, so the origin is 0 — stated exactly, which keeps the index arithmetic linear for the solvers.
            bool whole = iv.Step!.Equals(iv.Extent);
            origins[a] = whole ? Int(0) : Mul(step, u);
            if (!whole) world.Add(Ge(u, Int(0)));
            world.Add(Lt(origins[a], DimT(iv.Extent)));
            world.Add(Le(Int(0), offs[a]));
            world.Add(Lt(offs[a], step));
            world.Add(Lt(Add(origins[a], offs[a]), DimT(iv.Extent)));
        }
        var row = Add(origins[0], offs[0]);
        var col = Add(origins[1], offs[1]);
        if (region.Indices[0].Extent is not Dim.Sym nDim) throw new InvariantUnsupported("the query axis must have a symbolic extent");
        var n = sym.Dim(nDim.Name);

        // ---- the source: o[i, e] with its key reductions as prefix functions at N ----
        var source = new InvariantSource(src, sym, nDim.Name, row, col);
        var oBefore = source.Output();
        var pf = source.Prefix;

        // ---- the IR after: the parallel region around the loop ----
        var loopAt = region.Body.Items.IndexOf(region.Body.FirstOrDefault(x => x.Op == Opcode.For)!);
        if (loopAt < 0 || region.Body.Count(x => x.Op == Opcode.For) != 1) throw new InvariantUnsupported("expected exactly one for in the parallel region");
        var loop = region.Body[loopAt];
        var lb = loop.Loop!;
        if (lb.Carried.Count != 3 || lb.Carried[0].Type.Shape.Count != 1 || lb.Carried[1].Type.Shape.Count != 1 || lb.Carried[2].Type.Shape.Count != 2)
            throw new InvariantUnsupported("the for must carry m: [rows], l: [rows], acc: [rows, cols]");
        long bk = lb.Step;
        var ev = new InvariantEvaluator(sym);
        var penv = new XEnv(ev.Params(k));
        for (int a = 0; a < 2; a++) penv.Bind(region.Indices[a].Var.Name, new SV(origins[a], null));
        ev.Block(region.Body.Take(loopAt), penv);
        var bound = penv.Scalar(loop.Args[0].Name).Index;
        Term[] Ix(int c) => c < 2 ? [offs[0]] : [offs[0], offs[1]];
        XVal Read(XEnv env, string t, int c) => (env.Tensor(t) ?? throw new InvariantUnsupported($"%{t} is not a tensor"))(Ix(c)).Float;
        var inits = Enumerable.Range(0, 3).Select(c => Read(penv, loop.Args[c + 1].Name, c)).ToArray();

        // The carried state as free functions of their indices: the invariant constrains them at (row) and (row, col)
        // only. With `known`, the element at (row) / (row, col) IS the given value (the invariant substituted into the
        // state, equivalent to assuming it; elements elsewhere stay free), which keeps the block's terms small.
        XEnv WithState(string prefix, IEnumerable<Value> names, Func<int, XVal>? known, out XVal[] at)
        {
            var env = new XEnv(penv);
            var vals = new XVal[3];
            int c = 0;
            foreach (var v in names)
            {
                var sorts = EqArray.Of(Enumerable.Repeat(Sort.Int, v.Type.Shape.Count).ToArray());
                var fN = new FuncDecl($"{prefix}{c}_nan", sorts, Sort.Bool);
                var fM = new FuncDecl($"{prefix}{c}_ninf", sorts, Sort.Bool);
                var fP = new FuncDecl($"{prefix}{c}_pinf", sorts, Sort.Bool);
                var fV = new FuncDecl($"{prefix}{c}_v", sorts, Sort.Real);
                var here = EqArray.Of(Ix(c));
                var value = known?.Invoke(c);
                env.BindTensor(v.Name, ix => new SV(null, value is not null && EqArray.Of(ix) == here ? value
                    : new XVal(fN.Apply(ix), fM.Apply(ix), fP.Apply(ix), fV.Apply(ix))));
                vals[c] = value ?? new XVal(fN.Apply(Ix(c)), fM.Apply(Ix(c)), fP.Apply(Ix(c)), fV.Apply(Ix(c)));
                c++;
            }
            at = vals;
            return env;
        }

        // One key block, symbolically executed at a symbolic block start kb, from the state before the first block
        // (kb = 0: m = -inf, l = 0, acc = 0) and from a state satisfying the invariant at kb >= Bk (m = PM(kb),
        // l = PL(kb, PM(kb)), acc = PA(kb, PM(kb)), finite). The new m is read from a first execution; l and acc from a
        // second one in which the element of the new m at (row) IS PM(kb + Bk): that is the m part, proved as its own
        // obligation under the same assumptions, so the l and acc parts may use it (substituted, not believed).
        var kbv = new SmtConst("kb", Sort.Int);
        var mEnd = source.Prefix.M(Add(kbv, Int(bk)));
        XVal[] Block(string prefix, Func<int, XVal> known)
        {
            XEnv Run()
            {
                var benv = WithState(prefix, lb.Carried, known, out _);
                benv.Bind(lb.Index.Name, new SV(kbv, null));
                ev.Block(lb.Body, benv);
                return benv;
            }
            var first = Run();
            var m = Read(first, lb.Next[0].Name, 0);
            var second = Run(); // lazy: nothing of it is evaluated before the override below
            var m1 = second.Tensor(lb.Next[0].Name) ?? throw new InvariantUnsupported($"%{lb.Next[0].Name} is not a tensor");
            var here = EqArray.Of(Ix(0));
            second.BindTensor(lb.Next[0].Name, ix => EqArray.Of(ix) == here ? new SV(null, XVal.Finite(mEnd)) : m1(ix));
            return [m, Read(second, lb.Next[1].Name, 1), Read(second, lb.Next[2].Name, 2)];
        }
        var pfk = source.Prefix;
        var mk = pfk.M(kbv);
        var nextFirst = Block("s0_", c => c == 0 ? XVal.NegInf : XVal.Finite(Real(0)));
        var nextLater = Block("st", c => XVal.Finite(c switch { 0 => mk, 1 => pfk.L(kbv, mk), _ => pfk.A(kbv, mk) }));

        var fenv = WithState("fin", loop.Results, null, out var fin);
        ev.Block(region.Body.Skip(loopAt + 1), fenv);
        var tile = (fenv.Tensor(region.Yield.Name) ?? throw new InvariantUnsupported("the parallel must yield a local tile"))(offs).Float;

        world.AddRange(sym.SqrtFacts());
        var obs = new InvariantObligations(k, ctx, world, pf, n, bound, bk, kbv, new InvariantReplay(src, k));
        return obs.All(inits, nextFirst, nextLater, fin, tile, oBefore, source, !bound.Equals(n));
    }
}
