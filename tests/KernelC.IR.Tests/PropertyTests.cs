using FsCheck;
using FsCheck.Fluent;

namespace KernelC.IR.Tests;

/// <summary>A random kernel, shown as its text when a property fails.</summary>
public sealed record KernelCase(int Seed, Kernel Kernel)
{
    public override string ToString() => $"seed {Seed}:\n{IrPrinter.Print(Kernel)}";
}

public class PropertyTests
{
    private static readonly Arbitrary<KernelCase> Kernels =
        Arb.From(Gen.Choose(0, int.MaxValue).Select(seed => new KernelCase(seed, new RandomKernels(new Random(seed)).Kernel())));

    private static readonly Config Cfg = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void RandomKernelsAreValid() =>
        Prop.ForAll(Kernels, c => IrVerifier.Verify(c.Kernel).Count == 0).Check(Cfg);

    [Fact]
    public void PrintParsePrintIsStableAndParseGivesAnEqualRecord() =>
        Prop.ForAll(Kernels, c =>
        {
            var text = IrPrinter.Print(c.Kernel);
            var diags = new DiagnosticBag();
            var m = IrParser.Parse(new SourceText("gen.kcir", text), diags);
            Assert.True(m is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
            Assert.Equal(text, IrPrinter.Print(m));
            return m.Kernels.Count == 1 && m.Kernels[0] == c.Kernel;
        }).Check(Cfg);

    [Fact]
    public void InterpreterRunsRandomKernelsWithoutErrors() =>
        Prop.ForAll(Kernels, c =>
        {
            var k = c.Kernel;
            var dims = k.Dims.ToDictionary(d => d, _ => 2L);
            // honour the generator's constraints: every one of them admits some value in 1..3
            foreach (var d in k.Dims)
                dims[d] = Enumerable.Range(1, 3).First(v => k.Constraints.Where(x => x.Dim == d).All(x => x.Holds(v)));
            var rng = new Random(c.Seed);
            var inputs = k.Params.ToDictionary(p => p.Name, p => TestIr.Tensor(p.DType, p.Type.Shape.Select(s => s.Evaluate(dims)).ToArray(),
                _ => p.DType.IsFloat() ? FloatFormat.Round(rng.NextDouble() * 4 - 2, p.DType, RoundingMode.NearestEven) : rng.Next(-100, 100)));
            var r = Interpreter.Run(k, dims, inputs);
            return r.Outputs is not null && r.Diagnostics.Count == 0
                && r.Outputs.Values.All(t => t.Data.All(x => FloatFormat.IsRepresentable(x, t.DType)));
        }).Check(Cfg);
}
