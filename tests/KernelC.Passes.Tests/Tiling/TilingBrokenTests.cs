using KernelC.IR;
using KernelC.Passes.Tiling;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Passes.Tests.Tiling;

/// <summary>Broken variants of the tile pass's output, each rejected by rule tiling: refuted with a replayed
/// counterexample, or (when the variant is not even valid IR) a precise rejection. Plus interpreter agreement of the
/// honest pass with the untiled kernel.</summary>
public sealed class TilingBrokenTests
{
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

    private static void AssertRefuted(CheckReport r, string obligation)
    {
        Assert.False(r.Passed, TilingCheckTests.Summary(r));
        Assert.Null(r.Rejection);
        Assert.Contains(r.Obligations, o => o.Record.Name.Contains(obligation) && o.Verdict is Verdict.Refuted && o.Counterexample is not null);
    }

    [Fact]
    public void Clamp_at_E_instead_of_E_minus_1_is_refuted_out_of_bounds()
    {
        // min(o + t, last) with last = E - 1  →  min(o + t, E): a partial last tile loads row E.
        var before = TilingCheckTests.Fused("matmul");
        var lastToExt = new Dictionary<string, Value>();
        var x = Broken(before, "16,16", i =>
        {
            if (i.Op == Opcode.Sub && i.Result.Name.StartsWith("last", StringComparison.Ordinal)) lastToExt[i.Result.Name] = i.Args[0];
            if (i.Op == Opcode.Min && lastToExt.TryGetValue(i.Args[1].Name, out var ext)) return i with { Args = EqArray.Of(i.Args[0], ext) };
            return i;
        });
        AssertRefuted(Check(x), "load-in-bounds");
    }

    [Fact]
    public void Tile_offsets_over_T_plus_1_are_rejected()
    {
        // The local tile computed over [T + 1]: overlapping tiles. Not a valid parallel (tile type = steps).
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
    public void Offset_shifted_by_one_is_refuted()
    {
        // i = min(o + t + 1, E - 1)-like overlap: the tile at origin o writes the elements of o + 1 ..
        var x = Broken(TilingCheckTests.Fused("matmul"), "16,16", i =>
            i.Op == Opcode.Add && i.Result.Name.StartsWith("g", StringComparison.Ordinal) && i.Args[1].Name.Contains('t')
                ? i with { Args = EqArray.Of(i.Args[0], i.Args[0]) } // origin + origin instead of origin + offset
                : i);
        AssertRefuted(Check(x), "equal");
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
        var x = Broken(TestIr.CompileKc(RowMax), "8,8,4", i =>
            i.Op == Opcode.Const && i.Result.DType.IsFloat() && double.IsNegativeInfinity(i.Attrs.Number)
                ? i with { Attrs = InstrAttrs.Const(0.0) }
                : i);
        AssertRefuted(Check(x), "split0.tail");
    }

    [Fact]
    public void Honest_max_split_is_proved()
    {
        var m = TestIr.CompileKc(RowMax);
        var out_ = TestIr.Run(new TilePass(), m, "8,8,4");
        var r = Checker.Check(m, out_.Module, out_.Certificate, CheckOptions.Default);
        Assert.True(r.Passed, TilingCheckTests.Summary(r));
        Assert.Contains(r.Obligations, o => o.Record.Name.EndsWith("split0.base", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("16,16")]
    [InlineData("5,3")]
    public void Interpreter_agrees_bit_exact_without_k_tile(string args)
    {
        var before = TilingCheckTests.Fused("matmul");
        var after = TestIr.Run(new TilePass(), before, args).Module;
        TestIr.AssertValid(after);
        foreach (var n in new long[] { 1, 7, 33 })
        {
            var dims = TestIr.Dims(before.Kernels[0], n);
            TestIr.AssertSameOutputs(before.Kernels[0], after.Kernels[0], dims, TestIr.RandomInputs(before.Kernels[0], dims, new Random((int)n)));
        }
    }

    [Fact]
    public void Interpreter_agrees_within_rounding_with_k_tile()
    {
        var before = TilingCheckTests.Fused("matmul");
        var after = TestIr.Run(new TilePass(), before, "8,8,4").Module;
        foreach (var n in new long[] { 1, 7, 33 })
        {
            var dims = TestIr.Dims(before.Kernels[0], n);
            var inputs = TestIr.RandomInputs(before.Kernels[0], dims, new Random((int)n));
            var rb = Interpreter.Run(before.Kernels[0], dims, inputs, Precision.Exact);
            var ra = Interpreter.Run(after.Kernels[0], dims, inputs, Precision.Exact);
            var (tb, ta) = (rb.Outputs![before.Kernels[0].Outputs[0].Name], ra.Outputs![after.Kernels[0].Outputs[0].Name]);
            for (int e = 0; e < tb.Data.Length; e++)
                Assert.True(Math.Abs(tb.Data[e] - ta.Data[e]) <= 1e-4 * (1 + Math.Abs(tb.Data[e])), $"element {e}: {tb.Data[e]} vs {ta.Data[e]}");
        }
    }
}
