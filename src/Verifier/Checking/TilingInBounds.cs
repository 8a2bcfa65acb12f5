using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>In-bounds obligations of rule tiling for WHOLE tiles: for every top-level parallel of the tiled kernel,
/// at a symbolic tile origin (o_j a multiple of the step S_j, 0 ≤ o_j &lt; E_j) and a symbolic offset (0 ≤ t_j &lt; S_j)
/// — overhang of a partial last tile included, since the tile computes every offset and the placement only discards
/// the overhanging elements — every load the tile makes (parameters, intermediates, local tiles, inside split
/// reductions at every (kb, kk)) is inside its tensor. 64-bit two's complement index arithmetic (the interpreter's).
/// The element obligations only read each tile at the canonical offset of an element (o + t &lt; E), so without these
/// a clamp at E instead of E − 1 would go unnoticed. Names: &lt;k&gt;.&lt;p&gt;.tile-load-in-bounds.&lt;n&gt;.</summary>
internal static class TilingInBounds
{
    public static IEnumerable<PlannedObligation> Plan(Kernel before, Kernel after, Instr p, CheckContext ctx)
    {
        var s = new SymbolicSpace(ClaimSemantics.Ieee) { LiftIndexTerms = true };
        var r = p.Body!;
        var origins = r.Indices.Select((_, j) => Const($"tile_o{j}", s.IndexSort)).ToList();
        var quotients = r.Indices.Select((_, j) => Const($"tile_q{j}", s.IndexSort)).ToList();
        var offsets = r.Indices.Select((_, j) => Const($"tile_t{j}", s.IndexSort)).ToList();
        var assume = s.DimAssumptions(after);
        var range = new List<Term>();
        for (int j = 0; j < r.Indices.Count; j++)
        {
            var step = s.Extent(r.Indices[j].Step!);
            range.Add(s.InRange(origins[j], s.Extent(r.Indices[j].Extent)));
            // o a multiple of S, as o = q·S with 0 ≤ q ≤ 2^31 (no 64-bit wrap: S ≤ 2^31 too); a multiplication by a
            // constant is cheaper for the solver than a 64-bit remainder by a step that is not a power of two.
            range.Add(s.IndexLe(s.IndexLit(0), quotients[j]));
            range.Add(s.IndexLe(quotients[j], s.IndexLit(1L << 31)));
            range.Add(Eq(origins[j], BvMul(quotients[j], step)));
            range.Add(s.InRange(offsets[j], step));
        }
        var decls = after.Dims.Select(s.Dim).Concat(origins).Concat(quotients).Concat(offsets).ToEqArray();
        var e = new ElementExpander(after, s);
        e.WholeTile(p, origins, offsets, range.ToEqArray());
        var seen = new HashSet<(Term, EqArray<Term>)>();
        var replay = new TilingReplay(before, after, TilingReplay.Mode.InBounds);
        int m = 0;
        foreach (var site in e.Loads)
        {
            var cond = site.InBounds(s);
            if (!seen.Add((cond, site.Context))) continue;
            var name = $"{after.Name}.{p.Result.Name}.tile-load-in-bounds.{m++}";
            var ob = new Obligation(name, decls, assume.Concat(site.Context).ToEqArray(), cond);
            var at = string.Join(", ", site.Index.Select(SmtPrinter.Print));
            yield return new PlannedObligation(ob, ctx.Record(name, after, p.Result.Name,
                $"for all {CongruenceRule.DimsText(after)}, every tile origin (tile_o: multiples of the steps below the extents) and "
                + $"every offset tile_t < step, overhang of a partial last tile included: the load of %{site.Tensor.Name}[{at}] made by "
                + $"the tile of {p.Result.Name} is inside {site.Tensor.Type} on every axis",
                "all", "64-bit two's complement index arithmetic", "n/a"), replay);
        }
    }
}
