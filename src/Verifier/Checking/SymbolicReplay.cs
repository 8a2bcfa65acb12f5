using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The shared part of replaying a refuted all-sizes claim. The first model may pick huge dims, or say
/// nothing readable about parameter elements (they are uninterpreted functions). So a WITNESS query is asked:
/// the same assumptions and negated claim, plus small dims (each ≤ max(8, its smallest valid value)), plus named
/// constants w&lt;k&gt; = in_p(index) and wi&lt;k&gt;_&lt;j&gt; = index_j for every parameter element outside reductions, each
/// in bounds. Its model gives dims, the output index and those elements concretely; the reference interpreter then
/// decides. The witness query only FINDS candidates: a verdict Refuted still needs the replay to differ.</summary>
internal sealed class SymbolicReplay(SymbolicSpace space, Kernel kernel, Obligation obligation, EqArray<SmtConst> index,
    IReadOnlyList<LoadSite> paramSites)
{
    public const int SmallDim = 8;

    public (Counterexample? Model, IReadOnlyList<CounterexampleInput> Inputs, TimeSpan Time) Witness(
        Verdict.Refuted first, CheckOptions options, IEnumerable<Term>? extraAssumptions = null, Term? claim = null)
    {
        var assumptions = obligation.Assumptions.Items.ToList();
        if (extraAssumptions is not null) assumptions.AddRange(extraAssumptions);
        foreach (var d in kernel.Dims)
            assumptions.Add(space.IndexLe(space.Dim(d), space.IndexLit(Math.Max(SmallDim, SmallestValid(kernel, d) ?? SmallDim))));
        var named = new List<(SmtConst W, SmtConst[] Wi, LoadSite Site)>();
        var seen = new HashSet<Term>();
        foreach (var site in paramSites)
        {
            if (!seen.Add(site.Value)) continue;
            int k = named.Count;
            var w = Const($"w{k}", site.Value.Sort);
            var wi = site.Index.Select((t, j) => Const($"wi{k}_{j}", t.Sort)).ToArray();
            assumptions.Add(Eq(w, site.Value));
            for (int j = 0; j < wi.Length; j++)
            {
                assumptions.Add(Eq(wi[j], site.Index[j]));
                assumptions.Add(space.InRange(site.Index[j], site.Extents[j]));
            }
            named.Add((w, wi, site));
        }
        var ob = new Obligation(obligation.Name + ".witness", obligation.Declarations, assumptions.ToEqArray(), claim ?? obligation.Claim);
        var r = Prover.Prove(ob, options.Solver, options.Limits);
        if (r.Verdict is not Verdict.Refuted wr) return (first.Model, [], r.SolverTime);
        var inputs = new List<CounterexampleInput>();
        foreach (var (w, wi, site) in named)
        {
            var v = wr.Model.GetDouble(w.Name);
            var ix = wi.Select(c => wr.Model.GetDouble(c.Name)).ToList();
            if (v is null || ix.Any(x => x is null)) continue;
            inputs.Add(new CounterexampleInput(site.Tensor.Name, ix.Select(x => (long)x!.Value).ToEqArray(), v.Value));
        }
        return (wr.Model, inputs, r.SolverTime);
    }

    /// <summary>Dims and the output index read from a model; a dim the model leaves open takes its smallest valid value.</summary>
    public (Dictionary<string, long> Dims, EqArray<long> Index)? Concrete(Counterexample model)
    {
        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var d in kernel.Dims)
        {
            var v = model.GetDouble(space.Dim(d).Name) ?? SmallestValid(kernel, d);
            if (v is null || v < 1 || v > SymbolicSpace.MaxDim) return null;
            dims[d] = (long)v.Value;
        }
        var ix = new List<long>();
        foreach (var c in index) ix.Add((long)(model.GetDouble(c.Name) ?? 0));
        return (dims, ix.ToEqArray());
    }

    /// <summary>Each dim raised to the largest valid value in [its value, max(8, its smallest valid value)].</summary>
    public static Dictionary<string, long> Grown(Kernel k, IReadOnlyDictionary<string, long> dims)
    {
        var grown = new Dictionary<string, long>(dims, StringComparer.Ordinal);
        foreach (var d in k.Dims)
        {
            var cs = k.Constraints.Where(c => c.Dim == d).ToList();
            long top = Math.Max(SmallDim, SmallestValid(k, d) ?? SmallDim);
            for (long v = top; v > dims[d]; v--)
                if (cs.All(c => c.Holds(v))) { grown[d] = v; break; }
        }
        return grown;
    }

    /// <summary>The smallest value in [1, 2^20] satisfying every where constraint on the dimension, or null.</summary>
    public static long? SmallestValid(Kernel k, string dim)
    {
        var cs = k.Constraints.Where(c => c.Dim == dim).ToList();
        for (long v = 1; v <= 1 << 20; v++)
            if (cs.All(c => c.Holds(v))) return v;
        return null;
    }
}
