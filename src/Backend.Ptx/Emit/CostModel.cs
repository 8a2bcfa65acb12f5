using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>The report's cost formulas for one top-level instruction, counted on the IR (what the emitted code
/// executes, one per thread or per tile): FLOPs = float add, sub, mul, div, max, min, exp, log, sqrt, rsqrt, tanh,
/// erf and every float reduction step, times the iterations around them; a loop of E step s iterations counts E/s
/// (exact when s divides E, else the coefficients are rounded up). Global bytes = compulsory traffic: every global
/// buffer the launch reads, plus the one it writes, counted once at full size.</summary>
internal static class CostModel
{
    public static Formula Flops(Kernel kernel, Instr top)
    {
        var extents = top.Body!.Indices.ToDictionary(iv => iv.Var.Name, iv => iv.Extent, StringComparer.Ordinal);
        var body = Region(top.Body.Body, new Dictionary<string, Instr>(StringComparer.Ordinal), extents);
        return top.Op == Opcode.Parallel
            ? Iterate(top.Body.Indices, body) // tiles × work per tile
            : Formula.Product(top.Body.Indices.Select(iv => iv.Extent)) * body;
    }

    public static Formula GlobalBytes(IEnumerable<(DType Type, EqArray<Dim> Shape)> buffers)
    {
        var f = Formula.Zero;
        foreach (var (t, shape) in buffers) f += t.ByteSize() * Formula.Product(shape);
        return f;
    }

    private static Formula Region(IEnumerable<Instr> body, Dictionary<string, Instr> outer, Dictionary<string, Dim> extents)
    {
        var f = Formula.Zero;
        var defs = new Dictionary<string, Instr>(outer, StringComparer.Ordinal);
        foreach (var i in body) f += Instr(i, defs, extents);
        return f;
    }

    private static Formula Instr(Instr i, Dictionary<string, Instr> defs, Dictionary<string, Dim> extents)
    {
        defs[i.Result.Name] = i;
        switch (i.Op)
        {
            case Opcode.Reduce:
            {
                var step = i.Result.DType.IsFloat() ? Formula.Constant(1) : Formula.Zero;
                return Iterate(i.Body!.Indices, Region(i.Body.Body, defs, extents) + step);
            }
            case Opcode.Compute:
                return Formula.Product(i.Body!.Indices.Select(iv => iv.Extent)) * Region(i.Body.Body, defs, extents);
            case Opcode.For:
            {
                var inner = Region(i.Loop!.Body, defs, extents);
                return (Bound(i.Args[0], defs, extents) * inner).DivideCeil(i.Loop.Step);
            }
            case Opcode.Add or Opcode.Sub or Opcode.Mul or Opcode.Div or Opcode.Max or Opcode.Min
                or Opcode.Exp or Opcode.Log or Opcode.Sqrt or Opcode.Rsqrt or Opcode.Tanh or Opcode.Erf:
                return i.Result.DType.IsFloat() ? Formula.Constant(1) : Formula.Zero;
            default:
                return Formula.Zero;
        }
    }

    /// <summary>Π over the index vars of (E/s) times the body (an unstepped var counts E).</summary>
    private static Formula Iterate(EqArray<IndexVar> indices, Formula body)
    {
        var f = body;
        foreach (var iv in indices)
        {
            var e = Formula.Product([iv.Extent]);
            f = iv.Step switch
            {
                null => e * f,
                Dim.Const c => (e * f).DivideCeil(c.Value),
                Dim.Sym s when iv.Extent == s => f, // one iteration
                _ => throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"%{iv.Var.Name}: a step {iv.Step} that is a dim other than the extent"),
            };
        }
        return f;
    }

    /// <summary>A for bound as a formula: `dim D`, an index constant, a tile origin of the parallel (at most its
    /// extent), or a sum of those (e.g. the causal bound qb + Bq ≤ N + Bq) — an upper bound, which is what a cost
    /// estimate needs.</summary>
    private static Formula Bound(Value bound, Dictionary<string, Instr> defs, Dictionary<string, Dim> extents)
    {
        if (extents.TryGetValue(bound.Name, out var extent)) return Formula.Product([extent]);
        if (!defs.TryGetValue(bound.Name, out var d))
            throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"for bound %{bound.Name} is neither a dim nor a constant (the cost report needs it)");
        return d.Op switch
        {
            Opcode.DimValue => Formula.OfDim(d.Attrs.DimName!),
            Opcode.Const => Formula.Constant((long)d.Attrs.Number),
            Opcode.Add => Bound(d.Args[0], defs, extents) + Bound(d.Args[1], defs, extents),
            _ => throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"for bound %{bound.Name} is neither a dim nor a constant (the cost report needs it)"),
        };
    }
}
