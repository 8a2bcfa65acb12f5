using KernelC.IR;
using KernelC.Passes.Tiling;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Passes.Tests.Tiling;

/// <summary>Broken variants of the tile pass's output, each rejected by rule tiling: refuted with a replayed
/// counterexample (a concrete element, or a concrete out-of-bounds load), or — when the variant is not even valid
/// IR — a precise rejection.</summary>
public sealed class TilingBrokenTests
{
    private const string RowSum = """
        kernel rowsum(x: f32[R, C]) -> m: f32[R]
        {
          m[r] = sum[c] x[r, c]
        }
        """;

    private const string RowMax = """
        kernel rowmax(x: f32[R, C]) -> m: f32[R]
        {
          m[r] = max[c] x[r, c]
        }
        """;

    /// <summary>Applies f to every instruction, innermost regions first.</summary>
    private static Instr Map(Instr i, Func<Instr, Instr> f) =>
        f(i.Body is { } r ? i with { Body = r with { Body = r.Body.Map(x => Map(x, f)) } } : i);

    private static (Module Before, Module After, Certificate Cert) Broken(Module before, string args, Func<Instr, Instr> f)
    {
        var out_ = TestIr.Run(new TilePass(), before, args);
        var after = new Module(out_.Module.Kernels.Map(k => k with { Body = k.Body.Map(i => Map(i, f)) }));
        Assert.NotEqual(IrHash.Of(out_.Module), IrHash.Of(after)); // the mutation applied
        return (before, after, out_.Certificate with { AfterHash = IrHash.Of(after) });
    }

    private static CheckReport Check((Module Before, Module After, Certificate Cert) x) =>
        Checker.Check(x.Before, x.After, x.Cert, CheckOptions.Default);

    /// <summary>Not passed, not rejected before solving, and an obligation whose name contains
    /// <paramref name="obligation"/> is Refuted with a concrete counterexample; returns its description.</summary>
    private static string AssertRefuted(CheckReport r, string obligation)
    {
        Assert.False(r.Passed, TilingCheckTests.Summary(r));
        Assert.Null(r.Rejection);
        var o = r.Obligations.FirstOrDefault(o => o.Record.Name.Contains(obligation, StringComparison.Ordinal)
            && o.Verdict is Verdict.Refuted && o.Counterexample is not null);
        Assert.True(o is not null, TilingCheckTests.Summary(r));
        return o!.Counterexample!.Describe();
    }

    /// <summary>In the local tile of every parallel, offsets t become t + 1 (so they range over 1..T: the tile bound
    /// off by one, each tile also computing its neighbour's first element); with <paramref name="clamp"/> false the
    /// clamp min(o + t, E − 1) is dropped as well.</summary>
    private static Instr OffsetsUpToT(Instr i, bool clamp)
    {
        if (i.Op != Opcode.Compute || i.Body is not { } r || r.Indices.Any(iv => iv.Step is not null)
            || !r.Body.Any(x => x.Op == Opcode.Add && r.Indices.Any(iv => iv.Var == x.Args[1])))
            return i;
        var one = r.Body.First(x => x.Op == Opcode.Const && x.Result.DType == DType.Index && x.Attrs.Number == 1).Result;
        var body = new List<Instr>();
        var sums = new HashSet<Value>();
        foreach (var x in r.Body)
        {
            if (x.Op == Opcode.Add && r.Indices.Any(iv => iv.Var == x.Args[1]))
            {
                var inc = new Value(x.Args[1].Name + "_inc", ValueType.Scalar(DType.Index));
                body.Add(Instr.Make(inc, Opcode.Add, x.Args[1], one));
                body.Add(x with { Args = EqArray.Of(x.Args[0], inc) });
                sums.Add(x.Result);
            }
            else if (!clamp && x.Op == Opcode.Min && sums.Contains(x.Args[0])) body.Add(x with { Args = EqArray.Of(x.Args[0], x.Args[0]) });
            else body.Add(x);
        }
        return i with { Body = r with { Body = body.ToEqArray() } };
    }

    [Fact]
    public void Clamp_at_E_instead_of_E_minus_1_is_refuted_out_of_bounds()
    {
        // min(o + t, last) with last = E - 1  →  min(o + t, E): the overhang of a partial last tile loads row E. The
        // element obligations never read the overhang; the whole-tile in-bounds obligations do.
        var before = TilingCheckTests.Fused("matmul");
        var lastToExt = new Dictionary<string, Value>();
        var x = Broken(before, "16,16", i =>
        {
            if (i.Op == Opcode.Sub && i.Args.Count == 2) lastToExt[i.Result.Name] = i.Args[0];
            if (i.Op == Opcode.Min && lastToExt.TryGetValue(i.Args[1].Name, out var ext)) return i with { Args = EqArray.Of(i.Args[0], ext) };
            return i;
        });
        var cex = AssertRefuted(Check(x), "tile-load-in-bounds");
        Assert.Contains("outside its shape", cex);
    }

    [Fact]
    public void Tile_offsets_up_to_T_inclusive_are_refuted_at_a_concrete_element()
    {
        // Offsets 1..T instead of 0..T-1: the tiles overlap (tile o computes o + T, the next tile's first element) and
        // every element is its right neighbour's value.
        var cex = AssertRefuted(Check(Broken(TilingCheckTests.Fused("matmul"), "16,16", i => OffsetsUpToT(i, clamp: true))), ".equal");
        Assert.Contains("before and", cex);
    }

    [Fact]
    public void Tile_offsets_up_to_T_inclusive_without_clamp_are_refuted_out_of_bounds()
    {
        var cex = AssertRefuted(Check(Broken(TilingCheckTests.Fused("matmul"), "16,16", i => OffsetsUpToT(i, clamp: false))), "load-in-bounds");
        Assert.Contains("outside its shape", cex);
    }

    [Fact]
    public void Local_tile_of_T_plus_1_elements_is_rejected_as_invalid_ir()
    {
        // The local tile computed over [T + 1] with step T: overlapping tiles are not valid IR (tile type = steps).
        var x = Broken(TilingCheckTests.Fused("matmul"), "16,16", i => i.Op == Opcode.Compute && i.Body is { } b
            ? i with
            {
                Result = i.Result with { Type = i.Result.Type with { Shape = i.Result.Type.Shape.Map(_ => Dim.Of(17)) } },
                Body = b with { Indices = b.Indices.Map(iv => iv with { Extent = Dim.Of(17) }) },
            }
            : i);
        var r = Check(x);
        Assert.False(r.Passed);
        Assert.Contains("not valid", r.Rejection ?? "");
    }

    [Fact]
    public void K_block_dropping_its_last_element_is_refuted()
    {
        var x = Broken(TilingCheckTests.Fused("matmul"), "16,16,4", i =>
            i.Op == Opcode.Reduce && i.Body!.Indices is [{ Step: null, Extent: Dim.Const { Value: 4 } } iv]
                ? i with { Body = i.Body with { Indices = EqArray.Of(iv with { Extent = Dim.Of(3) }) } }
                : i);
        AssertRefuted(Check(x), "split0.step");
    }

    [Fact]
    public void Max_split_with_identity_zero_is_refuted()
    {
        // The pass splits only sums; a hand-made max split: the tiled row SUM with both reduces turned into max keeps
        // the sum's padding identity 0 — wrong for max (all-negative rows: max(x, 0) = 0).
        var x = Broken(TestIr.CompileKc(RowSum), "8,8,4", i =>
            i.Op == Opcode.Reduce ? i with { Attrs = InstrAttrs.Reduce(ReduceKind.Max) } : i);
        var rowMax = TestIr.CompileKc(RowMax);
        var after = new Module(x.After.Kernels.Map(k => k with { Name = rowMax.Kernels[0].Name }));
        AssertRefuted(Check((rowMax, after, x.Cert with { BeforeHash = IrHash.Of(rowMax), AfterHash = IrHash.Of(after) })), "split0.tail");
    }
}
