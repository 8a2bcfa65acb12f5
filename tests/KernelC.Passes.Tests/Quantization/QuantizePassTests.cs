using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Passes.Fusion;
using KernelC.Passes.Quantization;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Passes.Tests.Quantization;

public class QuantizePassTests
{
    private static readonly CheckOptions Options = new(new Z3Solver(), new SolverLimits(TimeoutMs: 20_000));

    private static Module Fused(string example) => TestIr.Run(new FusePass(), TestIr.Example(example)).Module;

    private static CheckReport Check(Module before, PassOutput o) => Checker.Check(before, o.Module, o.Certificate, Options);

    private static string Summary(CheckReport r) =>
        r.Rejection ?? string.Join("\n", r.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict}"));

    [Theory]
    [InlineData("attention", "f16")]
    [InlineData("matmul", "bf16")]
    [InlineData("softmax", "f16")]
    [InlineData("layernorm", "bf16")]
    public void HonestQuantizeIsProvedOnTheExamples(string example, string format)
    {
        var before = Fused(example);
        var o = TestIr.Run(new QuantizePass(), before, format);
        TestIr.AssertValid(o.Module);
        var r = Check(before, o);
        Assert.True(r.Passed, Summary(r));
        Assert.Contains(r.Obligations, x => x.Record.Name.EndsWith($".convert.{format}.rn.relative", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryF32ParameterGetsAStoredCopyAndTheInterfaceStays()
    {
        var before = Fused("attention");
        var o = TestIr.Run(new QuantizePass(), before, "f16");
        var k = o.Module.Kernels.Single();
        var kb = before.Kernels.Single();
        Assert.Equal(kb.Params, k.Params);
        Assert.Equal(kb.Outputs, k.Outputs);
        Assert.Equal(["q_f16", "k_f16", "v_f16"], k.Body.Take(3).Select(c => c.Result.Name));
        Assert.All(k.Body.Take(3), c => Assert.Equal(DType.F16, c.Result.DType));
        // outside the copies, no load reads an f32 parameter any more
        var loads = Rewriting.IrWalk.Instructions(k.Body.Skip(3)).Where(i => i.Op == Opcode.Load).ToList();
        Assert.NotEmpty(loads);
        Assert.DoesNotContain(loads, l => kb.Params.Contains(l.Args[0]));
        Assert.Equal(["q:f16:rn", "k:f16:rn", "v:f16:rn"], o.Certificate.Hints.Where(h => h.Key == "param").Select(h => h.Value));
        Assert.Equal("2^-14..65504", o.Certificate.Hint("range"));
        Assert.Equal("2^-11", o.Certificate.Hint("tolerance"));
        Assert.Equal(CertificateRule.Conversion, o.Certificate.Rule);
    }

    [Fact]
    public void NamedParametersOnlyAreConverted()
    {
        var before = Fused("attention");
        var o = TestIr.Run(new QuantizePass(), before, "bf16,k");
        Assert.Equal(["k:bf16:rn"], o.Certificate.Hints.Where(h => h.Key == "param").Select(h => h.Value));
        Assert.Equal("k_bf16", o.Module.Kernels[0].Body[0].Result.Name);
        Assert.True(Check(before, o).Passed);
    }

    /// <summary>The identity the pass promises: running the IR after on x equals running the IR before on the
    /// inputs rounded to the format — bit for bit, in the reference interpreter.</summary>
    [Fact]
    public void TheIrAfterReadsTheRoundedInputs()
    {
        foreach (var (example, fmt, dtype) in new[] { ("attention", "f16", DType.F16), ("matmul", "bf16", DType.BF16) })
        {
            var before = Fused(example).Kernels[0];
            var after = TestIr.Run(new QuantizePass(), new Module(EqArray.Of(before)), fmt).Module.Kernels[0];
            var dims = TestIr.Dims(before, 3);
            var inputs = TestIr.RandomInputs(before, dims, new Random(7));
            var rounded = inputs.ToDictionary(kv => kv.Key, kv => new Tensor(kv.Value.DType, kv.Value.Shape,
                kv.Value.Data.Select(x => FloatFormat.Round(x, dtype, RoundingMode.NearestEven)).ToArray()));
            Assert.Contains(inputs, kv => !kv.Value.Data.SequenceEqual(rounded[kv.Key].Data)); // the rounding does something
            TestIr.AssertSameOutputs(before, after, dims, rounded.ToDictionary(kv => kv.Key, kv => kv.Value));
            var ra = Interpreter.Run(after, dims, inputs, Precision.Exact).Outputs!;
            var rb = Interpreter.Run(before, dims, rounded, Precision.Exact).Outputs!;
            foreach (var name in ra.Keys) Assert.Equal(rb[name].Data, ra[name].Data);
        }
    }

    [Theory]
    [InlineData("", "KC0503")]
    [InlineData("f8", "KC0503")]
    [InlineData("i8,nope", "KC0520")]
    [InlineData("i8,q,per_channel,per_tensor", "KC0503")]
    [InlineData("f16,nope", "KC0520")]
    [InlineData("f16,q,q", "KC0503")]
    public void BadArgumentsAreDiagnostics(string args, string id)
    {
        var diags = new DiagnosticBag();
        var text = args.Length == 0 ? "quantize" : $"quantize({args})";
        var spec = PipelineParser.Parse(text, "test", diags)!.Passes[0];
        Assert.Null(new QuantizePass().Run(Fused("attention"), spec, diags));
        Assert.Contains(diags.Items, d => d.Id == id);
    }

    [Fact]
    public void RandomProgramsQuantizeAndAreProved()
    {
        Prop.ForAll(Gen.Choose(0, 100_000).ToArbitrary(), seed =>
        {
            var before = new Module(EqArray.Of(new RandomPrograms(new Random(seed)).Kernel()));
            var o = TestIr.Run(new QuantizePass(), before, seed % 2 == 0 ? "f16" : "bf16");
            TestIr.AssertValid(o.Module);
            var r = Check(before, o);
            Assert.True(r.Passed, $"seed {seed}\n{Summary(r)}\n{IrPrinter.Print(o.Module)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2));
    }

    [Fact]
    public void RoundToNearestMeetsTheStatedBoundOnRandomInputs()
    {
        // the claim the checker proves, sampled concretely with the reference rounding
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), bits =>
        {
            float x = BitConverter.Int32BitsToSingle(bits);
            double a = Math.Abs((double)x);
            foreach (var (t, p, lo) in new[] { (DType.F16, 11, Math.ScaleB(1.0, -14)), (DType.BF16, 8, Math.ScaleB(1.0, -126)) })
                if (float.IsFinite(x) && a >= lo && a <= FloatFormat.MaxFinite(t))
                    Assert.True(Math.Abs(FloatFormat.Round(x, t, RoundingMode.NearestEven) - x) <= Math.ScaleB(a, -p), $"{x} {t}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
