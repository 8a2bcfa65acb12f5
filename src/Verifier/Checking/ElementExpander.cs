using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>A load met during expansion: tensor[Index] with the tensor's extents, under Context (the ranges of the
/// enclosing reductions' placeholders and the in-bounds conditions of the enclosing inlined loads).</summary>
internal sealed record LoadSite(Value Tensor, bool IsParam, EqArray<Term> Extents, EqArray<Term> Index,
    EqArray<Term> Context, Term Value)
{
    public Term InBounds(SymbolicSpace s) => And(Index.Select((t, j) => s.InRange(t, Extents[j])).ToArray());
}

/// <summary>Symbolic element expansion of one kernel in a <see cref="SymbolicSpace"/>: the value of output element
/// o[idx] as a term, for symbolic dims and a symbolic index tuple. Every scalar op goes through
/// <see cref="OpSemantics.Eval{T}"/> over the space's domain (the one definition of op meaning):
///  - load of a parameter p[idx]      → in_p(idx), an uninterpreted function;
///  - load of an intermediate t[idx]  → t's compute region evaluated with its index variables := idx
///                                      (memoised on (t, idx, context));
///  - reduce                          → the canonical abstraction of <see cref="ReductionTable"/>;
///  - dims, index arithmetic and index comparisons are symbolic index terms.
/// Every load is recorded in <see cref="Loads"/> so that its in-bounds condition can be proved separately.</summary>
internal sealed class ElementExpander
{
    private readonly Kernel _k;
    private readonly SymbolicSpace _s;
    private readonly Dictionary<string, Instr> _computes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _params = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, EqArray<Term>, EqArray<Term>), Term> _memo = new();
    private readonly Dictionary<(string, EqArray<Term>, EqArray<Term>), Term> _quietMemo = new();
    private readonly HashSet<(string, EqArray<Term>, EqArray<Term>)> _active = new();
    // Local tensors (computes inside a region) in scope: their region, the environment they were defined in.
    // Replaced (then restored) while a recorded split site's body is re-evaluated for its lemmas: see Split.
    private Dictionary<string, (Region Region, Dictionary<string, Term> Env, int Depth)> _locals = new(StringComparer.Ordinal);
    private int _quiet;

    public ElementExpander(Kernel kernel, SymbolicSpace space)
    {
        _k = kernel;
        _s = space;
        foreach (var c in kernel.Body) _computes[c.Result.Name] = c;
        foreach (var p in kernel.Params) _params.Add(p.Name);
    }

    public List<LoadSite> Loads { get; } = new();

    /// <summary>Split reductions met during expansion (loop level, see <see cref="SplitSite"/>).</summary>
    public List<SplitSite> Splits { get; } = new();

    /// <summary>The value of output <paramref name="output"/> at the index terms.</summary>
    public Term Output(int output, IReadOnlyList<Term> index) => Output(output, index, EqArray<Term>.Empty);

    /// <summary>As <see cref="Output(int, IReadOnlyList{Term})"/>, under facts the caller also assumes (the context of
    /// every site met).</summary>
    public Term Output(int output, IReadOnlyList<Term> index, EqArray<Term> context) =>
        LoadTensor(_k.Returns[output], index.ToEqArray(), context, depth: 0, record: false);

    private Term LoadTensor(Value tensor, EqArray<Term> index, EqArray<Term> ctx, int depth, bool record)
    {
        bool isParam = _params.Contains(tensor.Name);
        Term value;
        if (_locals.TryGetValue(tensor.Name, out var local))
        {
            // A local tile: its region at the index, in the environment of its definition (never memoised: the same
            // name is re-defined for every tile origin).
            var inner = record ? ctx.Add(And(index.Select((t, j) => _s.InRange(t, _s.Extent(tensor.Type.Shape[j]))).ToArray())) : ctx;
            value = EvalRegion(local.Region, index, local.Env, inner, local.Depth);
        }
        else if (isParam) value = _s.Param(tensor).Apply(index.ToArray());
        else
        {
            var key = (tensor.Name, index, ctx);
            // A quiet evaluation (no load/split sites recorded) may reuse a recorded one, never the reverse: else a
            // tensor first met quietly would lose its in-bounds obligations and split lemmas when met again.
            if (!_memo.TryGetValue(key, out value!) && !(_quiet > 0 && _quietMemo.TryGetValue(key, out value!)))
            {
                if (!_active.Add(key)) throw new InvalidOperationException($"{tensor} depends on itself (verify the IR first)");
                var c = _computes.TryGetValue(tensor.Name, out var ci) ? ci
                    : throw new InvalidOperationException($"{tensor} is neither a parameter nor a compute (verify the IR first)");
                // Inside t, assume this load is in bounds: if it is not, its own obligation fails.
                var inner = ctx;
                if (record)
                {
                    var site = new LoadSite(tensor, false, tensor.Type.Shape.Map(_s.Extent), index, ctx, Terms.True);
                    inner = ctx.Add(site.InBounds(_s));
                }
                value = c.Op == Opcode.Parallel ? EvalParallel(c, index, inner, depth)
                    : EvalRegion(c.Body!, index, new Dictionary<string, Term>(StringComparer.Ordinal), inner, depth);
                _active.Remove(key);
                (_quiet > 0 ? _quietMemo : _memo)[key] = value;
            }
        }
        if (record && _quiet == 0) Loads.Add(new LoadSite(tensor, isParam, tensor.Type.Shape.Map(_s.Extent), index, ctx, value));
        return value;
    }

    /// <summary>The region's yield at the index values. <paramref name="equal"/>: terms to replace, as soon as an
    /// instruction produces them, by a term with the same value (identities only; see EvalParallel).</summary>
    private Term EvalRegion(Region r, IReadOnlyList<Term> indexValues, Dictionary<string, Term> outer, EqArray<Term> ctx, int depth,
        IReadOnlyDictionary<Term, Term>? equal = null)
    {
        var env = new Dictionary<string, Term>(outer, StringComparer.Ordinal);
        for (int j = 0; j < r.Indices.Count; j++) env[r.Indices[j].Var.Name] = indexValues[j];
        foreach (var i in r.Body)
        {
            var v = Eval(i, env, ctx, depth);
            env[i.Result.Name] = equal is not null && equal.TryGetValue(v, out var same) ? same : v;
        }
        return env[r.Yield.Name];
    }

    private Term Eval(Instr i, Dictionary<string, Term> env, EqArray<Term> ctx, int depth)
    {
        switch (i.Op)
        {
            case Opcode.DimValue:
                return _s.Dim(i.Attrs.DimName ?? throw new InvalidOperationException($"{i.Result}: dim without a name"));
            case Opcode.Load:
                return LoadTensor(i.Args[0], i.Args.Items.Skip(1).Select(a => env[a.Name]).ToEqArray(), ctx, depth, record: true);
            case Opcode.Reduce:
                return Reduce(i, env, ctx, depth);
            case Opcode.Compute:
                // A local tensor: remembered with its environment; loads evaluate its region (the env entry is a
                // stand-in, a tensor has no scalar term).
                _locals[i.Result.Name] = (i.Body!, new Dictionary<string, Term>(env, StringComparer.Ordinal), depth);
                return Terms.True;
            case Opcode.Cast when i.Args[0].DType == DType.Index && i.Result.DType.IsFloat():
            {
                // As the interpreter: index → f64 (exact below 2^53, else RNE), then f64 → dtype with the mode.
                var d = _s.Domain;
                var f64 = d.Convert(env[i.Args[0].Name], DType.Index, DType.F64, RoundingMode.NearestEven);
                return d.Convert(f64, DType.F64, i.Result.DType, i.Attrs.Rounding);
            }
            default:
            {
                var args = i.Args.Select(a => env[a.Name]).ToArray();
                var types = i.Args.Select(a => a.DType).ToArray();
                return OpSemantics.Eval(_s.Domain, i.Op, i.Attrs, args, types, i.Result.DType);
            }
        }
    }

    /// <summary>Tile placement: result[v + t] = tile(v)[t] with v the tile origin. The element at idx is read from
    /// the tile at the canonical origin o = idx − idx mod S, offset idx mod S (the domain-split obligations prove
    /// that this is the one tile writing idx).</summary>
    private Term EvalParallel(Instr p, EqArray<Term> index, EqArray<Term> ctx, int depth)
    {
        var r = p.Body!;
        var env = new Dictionary<string, Term>(StringComparer.Ordinal);
        var offsets = new List<Term>();
        var clamped = new Dictionary<Term, Term>();
        var d = _s.Domain;
        for (int j = 0; j < r.Indices.Count; j++)
        {
            var step = _s.Extent(r.Indices[j].Step ?? throw new InvalidOperationException($"{p.Result}: parallel index without a step"));
            var rem = _s.IndexRem(index[j], step);
            var origin = _s.IndexSub(index[j], rem);
            env[r.Indices[j].Var.Name] = origin;
            offsets.Add(rem);
            // The clamped global index min(o + t, E - 1) at the canonical (o, t) of idx, built with the same op
            // semantics the tile body uses: (idx - r) + r = idx in any two's complement width and in the integers, so
            // it equals idx whenever 0 <= idx < E. It is replaced by ite(0 <= idx < E, idx, itself) — equal to it for
            // EVERY idx (an identity, no assumption) — or by idx when the context of a recorded evaluation states
            // 0 <= idx < E (a fact its own in-bounds obligation proves; quiet evaluations record none, so they get the
            // ite).
            var ext = _s.Extent(r.Indices[j].Extent);
            var m = d.Min(d.Add(origin, rem, DType.Index), d.Sub(ext, d.Const(1, DType.Index), DType.Index), DType.Index);
            var inRange = _s.InRange(index[j], ext);
            clamped[m] = _quiet == 0 && Stated(ctx, inRange) ? index[j] : Ite(inRange, index[j], m);
        }
        foreach (var i in r.Body) env[i.Result.Name] = Eval(i, env, ctx, depth);
        if (!_locals.TryGetValue(r.Yield.Name, out var tile))
            throw new InvalidOperationException($"{p.Result}: the tile is not a local compute (check the tiling shape first)");
        return EvalRegion(tile.Region, offsets, tile.Env, ctx, tile.Depth, clamped);
    }

    /// <summary>fact is one of the context's conditions, or a conjunct of one (syntactically).</summary>
    private static bool Stated(EqArray<Term> ctx, Term fact)
    {
        static bool In(Term c, Term f) => c == f || (c is App { Op: SmtOp.And } a && a.Args.Any(x => In(x, f)));
        return ctx.Any(c => In(c, fact));
    }

    /// <summary>Evaluates one whole tile of the top-level parallel <paramref name="p"/>: the region at the given origin
    /// terms, then the tile at the given offset terms — overhang included (a partial last tile computes every offset,
    /// the placement only discards the overhanging elements), so every load the tile makes is recorded in
    /// <see cref="Loads"/> under <paramref name="ctx"/> (the caller's ranges for origins and offsets).</summary>
    public void WholeTile(Instr p, IReadOnlyList<Term> origins, IReadOnlyList<Term> offsets, EqArray<Term> ctx)
    {
        var r = p.Body ?? throw new InvalidOperationException($"{p.Result}: parallel without a region");
        var env = new Dictionary<string, Term>(StringComparer.Ordinal);
        for (int j = 0; j < r.Indices.Count; j++) env[r.Indices[j].Var.Name] = origins[j];
        foreach (var i in r.Body) env[i.Result.Name] = Eval(i, env, ctx, 0);
        if (!_locals.TryGetValue(r.Yield.Name, out var tile))
            throw new InvalidOperationException($"{p.Result}: the tile is not a local compute (check the tiling shape first)");
        EvalRegion(tile.Region, offsets, tile.Env, ctx, tile.Depth);
    }

    private Term Reduce(Instr i, Dictionary<string, Term> env, EqArray<Term> ctx, int depth)
    {
        var r = i.Body ?? throw new InvalidOperationException($"{i.Result}: reduce without a region");
        if (SplitSite.Match(i) is { } innerReduce) return Split(i, innerReduce, env, ctx, depth);
        int d = depth + 1;
        var own = r.Indices.Select((_, j) => _s.Placeholder(d, j)).ToList();
        var extents = r.Indices.Map(iv => _s.Extent(iv.Extent));
        var inner = ctx;
        for (int j = 0; j < own.Count; j++) inner = inner.Add(_s.InRange(own[j], extents[j]));
        var body = EvalRegion(r, own, env, inner, d);
        return _s.Reductions.Apply(i.Attrs.Reduction, i.Result.DType, extents, own, body);
    }

    /// <summary>A split reduction outer[kb &lt; K step S] { inner[kk &lt; T] { g(kb, kk) } }. Its value is the flat fold
    /// over [k &lt; K] of h(k) = g(k, 0), simplified under 0 ≤ k &lt; K (<see cref="InRangeSimplifier"/>), in the
    /// canonical abstraction — which holds when the split lemmas of <see cref="SplitSite"/> are proved (the tiling
    /// rule generates them for every site recorded here).</summary>
    private Term Split(Instr outer, Instr inner, Dictionary<string, Term> env, EqArray<Term> ctx, int depth)
    {
        int d = depth + 1;
        var b = _s.Placeholder(d, 0);
        var kExt = _s.Extent(outer.Body!.Indices[0].Extent);
        var kbName = outer.Body.Indices[0].Var.Name;
        var inCtx = ctx.Add(_s.InRange(b, kExt));
        var envCopy = new Dictionary<string, Term>(env, StringComparer.Ordinal);
        Term G(Term kb, Term kk, EqArray<Term> c)
        {
            var e = new Dictionary<string, Term>(envCopy, StringComparer.Ordinal) { [kbName] = kb };
            return EvalRegion(inner.Body!, [kk], e, c, d + 1);
        }
        // The loads of the tiled body at every (kb, kk) — kb a multiple of S below K, kk < T — for the in-bounds
        // obligations; then h(k) = g(k, 0) quietly.
        var kk = _s.Placeholder(d + 1, 0);
        var step = SplitSite.StepOf(outer);
        G(b, kk, inCtx.Add(_s.InRange(kk, _s.IndexLit(SplitSite.InnerOf(inner)))));
        _quiet++;
        Term h;
        try { h = G(b, _s.IndexLit(0), inCtx); } finally { _quiet--; }
        var simplified = InRangeSimplifier.Simplify(h, b, kExt, _s);
        if (_quiet == 0)
        {
            // The lemmas evaluate g later, after the expansion has moved on and re-defined local tiles (one per tile
            // origin met): g must see the local tiles in scope HERE, so they are snapshotted with the environment.
            var locals = new Dictionary<string, (Region, Dictionary<string, Term>, int)>(_locals, StringComparer.Ordinal);
            Term Later(Term kb, Term kk, EqArray<Term> c)
            {
                var saved = _locals;
                _locals = new(locals, StringComparer.Ordinal);
                _quiet++;
                try { return G(kb, kk, c); }
                finally { _quiet--; _locals = saved; }
            }
            Splits.Add(new SplitSite(outer.Attrs.Reduction, outer.Result.DType, kExt, step, SplitSite.InnerOf(inner), ctx, Later,
                $"%{outer.Result.Name}"));
        }
        return _s.Reductions.Apply(outer.Attrs.Reduction, outer.Result.DType, EqArray.Of(kExt), [b], simplified);
    }
}
