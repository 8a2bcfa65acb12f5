using KernelC.IR;
using KernelC.Passes.Rewriting;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Passes.Tiling;

/// <summary>The built-in pass <c>tile(T)</c> / <c>tile(T0, T1)</c> / <c>tile(T0, T1, TK)</c> (tensor level → loop
/// level). Every top-level compute of rank r ≥ 1 becomes a parallel over tiles: steps T0 on dimension 0, T1 (or T0)
/// on dimension 1, the full extent on the others; the tile is a local compute over the offsets whose body is the
/// original body at the clamped global index i = min(origin + offset, E − 1) (the clamp only matters in a partial
/// last tile, whose overhanging elements the placement discards). With TK every single-index float reduce.sum over
/// k &lt; K is split into an outer reduce over [kb &lt; K step TK] around an inner one over [kk &lt; TK] at
/// k = min(kb + kk, K − 1), the contributions with kb + kk ≥ K replaced by the identity 0. Max/min reductions are
/// NOT split (they stay flat inside the tile): the checker's IEEE proof of a regrouped max (NaN and ±0 cases in
/// floating point) did not finish reliably within the default 10 s timeout, and an unproved split is no use.
/// Certificate: rule Tiling, hints "tiles=T0,T1" and (with TK) "k-tile=TK" (informative only).</summary>
public sealed class TilePass : IPass
{
    public const string PassName = "tile";

    public string Name => PassName;

    public PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags)
    {
        var sizes = new List<long>();
        for (int a = 0; a < args.Args.Count; a++)
        {
            if (args.IntArg(a) is not { } v || v < 1 || v > 1 << 16)
            {
                diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline",
                    $"pass '{PassName}' takes 1 to 3 tile sizes, integers in 1..65536 (T0[, T1[, TK]]); found '{args}'");
                return null;
            }
            sizes.Add(v);
        }
        if (sizes.Count is < 1 or > 3)
        {
            diags.Error(PassDiagnosticIds.BadPassArguments, "--pipeline",
                $"pass '{PassName}' takes 1 to 3 tile sizes (T0[, T1[, TK]]); found '{args}'");
            return null;
        }
        long t0 = sizes[0], t1 = sizes.Count > 1 ? sizes[1] : sizes[0];
        long? tk = sizes.Count > 2 ? sizes[2] : null;
        var output = new Module(input.Kernels.Map(k => new KernelTiler(k, t0, t1, tk).Tile()));
        var hints = new List<CertificateHint> { new("tiles", $"{t0},{t1}") };
        if (tk is { } kt) hints.Add(new("k-tile", kt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new PassOutput(output, new Certificate(PassName, CertificateRule.Tiling, IrHash.Of(input), IrHash.Of(output),
            hints.ToEqArray()));
    }
}

/// <summary>Tiles one kernel (see <see cref="TilePass"/>). Original value names are kept (each original instruction
/// moves into exactly one tile body, and each original index variable becomes the clamped global index value), so
/// only the new values need fresh names.</summary>
internal sealed class KernelTiler(Kernel kernel, long t0, long t1, long? tk)
{
    private readonly FreshNames _names = FreshNames.For(kernel);
    private static readonly ValueType Idx = ValueType.Scalar(DType.Index);

    public Kernel Tile() => kernel with { Body = kernel.Body.Map(i => i.Op == Opcode.Compute && i.Result.Type.Rank >= 1 ? TileCompute(i) : i) };

    private Value New(string hint, ValueType t) => new(_names.Next(hint), t);

    /// <summary>Instructions defining %v = the extent e as an index value.</summary>
    private Value Extent(Dim e, List<Instr> into)
    {
        var v = New("ext", Idx);
        into.Add(e is Dim.Sym s ? new Instr(v, Opcode.DimValue, EqArray<Value>.Empty, InstrAttrs.Dim(s.Name))
            : new Instr(v, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(((Dim.Const)e).Value)));
        return v;
    }

    private Instr TileCompute(Instr c)
    {
        var r = c.Body!;
        var shape = c.Result.Type.Shape;
        var steps = shape.Select((e, d) => d == 0 ? Dim.Of(t0) : d == 1 ? Dim.Of(t1) : e).ToList();
        var origins = new List<IndexVar>();
        var offsets = new List<IndexVar>();
        var body = new List<Instr>();
        var one = New("one", Idx);
        body.Add(new Instr(one, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(1)));
        for (int d = 0; d < shape.Count; d++)
        {
            var ob = New(r.Indices[d].Var.Name + "b", Idx);
            var ot = New(r.Indices[d].Var.Name + "t", Idx);
            origins.Add(new IndexVar(ob, shape[d], steps[d]));
            offsets.Add(new IndexVar(ot, steps[d]));
            // i = min(origin + offset, E - 1): equal to origin + offset inside the tensor.
            var ext = Extent(shape[d], body);
            var last = New("last", Idx);
            var sum = New("g", Idx);
            body.Add(Instr.Make(last, Opcode.Sub, ext, one));
            body.Add(Instr.Make(sum, Opcode.Add, ob, ot));
            body.Add(Instr.Make(r.Indices[d].Var, Opcode.Min, sum, last));
        }
        body.AddRange(r.Body.Select(SplitReductions));
        var tileType = new ValueType(c.Result.DType, steps.ToEqArray());
        var tile = New(c.Result.Name + "_tile", tileType);
        var local = new Instr(tile, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None,
            new Region(offsets.ToEqArray(), body.ToEqArray(), r.Yield));
        return new Instr(c.Result, Opcode.Parallel, EqArray<Value>.Empty, InstrAttrs.None,
            new Region(origins.ToEqArray(), EqArray.Of(local), tile));
    }

    /// <summary>With TK: reduce [k &lt; K] {B} → reduce [kb &lt; K step TK] { reduce [kk &lt; TK] { k = min(kb+kk, K-1);
    /// B; select(kb+kk &lt; K, y, identity) } } — the same fold in another grouping, padded with identities.</summary>
    private Instr SplitReductions(Instr i)
    {
        if (i.Body is not { } r) return i;
        var inner = r with { Body = r.Body.Map(SplitReductions) };
        if (tk is not { } kt || i.Op != Opcode.Reduce || r.Indices.Count != 1 || r.Indices[0].Step is not null
            || !i.Result.DType.IsFloat() || i.Attrs.Reduction != ReduceKind.Sum)
            return i with { Body = inner };
        var k = r.Indices[0];
        var kb = New(k.Var.Name + "b", Idx);
        var kk = New(k.Var.Name + "k", Idx);
        var body = new List<Instr>();
        var one = New("one", Idx);
        body.Add(new Instr(one, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(1)));
        var ext = Extent(k.Extent, body);
        var last = New("klast", Idx);
        var raw = New("kraw", Idx);
        body.Add(Instr.Make(last, Opcode.Sub, ext, one));
        body.Add(Instr.Make(raw, Opcode.Add, kb, kk));
        body.Add(Instr.Make(k.Var, Opcode.Min, raw, last));
        body.AddRange(inner.Body);
        var inside = New("inside", ValueType.Scalar(DType.Bool));
        body.Add(new Instr(inside, Opcode.Cmp, EqArray.Of(raw, ext), InstrAttrs.Cmp(CmpPred.Lt)));
        var id = New("id", i.Result.Type);
        double identity = i.Attrs.Reduction switch
        {
            ReduceKind.Sum => 0.0,
            ReduceKind.Max => double.NegativeInfinity,
            _ => double.PositiveInfinity,
        };
        body.Add(new Instr(id, Opcode.Const, EqArray<Value>.Empty, InstrAttrs.Const(identity)));
        var q = New("q", i.Result.Type);
        body.Add(Instr.Make(q, Opcode.Select, inside, inner.Yield, id));
        var part = New(i.Result.Name + "_part", i.Result.Type);
        var innerReduce = new Instr(part, Opcode.Reduce, EqArray<Value>.Empty, i.Attrs,
            new Region(EqArray.Of(new IndexVar(kk, Dim.Of(kt))), body.ToEqArray(), q));
        return i with { Body = new Region(EqArray.Of(new IndexVar(kb, k.Extent, Dim.Of(kt))), EqArray.Of(innerReduce), part) };
    }
}
