using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Passes.Fusion;

namespace KernelC.Passes.Tests;

/// <summary>A random kernel, printed when a property fails.</summary>
public sealed record ProgramCase(int Seed, Kernel Kernel)
{
    public override string ToString() => $"seed {Seed}:\n{IrPrinter.Print(Kernel)}";
}

public sealed class FusionPropertyTests
{
    private static readonly Arbitrary<ProgramCase> Programs =
        Arb.From(Gen.Choose(0, int.MaxValue).Select(seed => new ProgramCase(seed, new RandomPrograms(new Random(seed)).Kernel())));

    [Fact]
    public void Random_programs_fuse_to_valid_IR_with_bit_identical_outputs() =>
        Prop.ForAll(Programs, c =>
        {
            var before = new Module(EqArray.Of(c.Kernel));
            TestIr.AssertValid(before);
            var out_ = TestIr.Run(new FusePass(), before);
            TestIr.AssertValid(out_.Module);
            var after = out_.Module.Kernels[0];
            Assert.Equal(c.Kernel.Returns, after.Returns);
            var rng = new Random(c.Seed);
            for (int trial = 0; trial < 2; trial++)
            {
                var dims = new Dictionary<string, long> { ["N"] = rng.Next(1, 4), ["M"] = rng.Next(1, 4) };
                var inputs = TestIr.RandomInputs(c.Kernel, dims, rng);
                // special values: signed zeros, infinities, NaN must flow through identically
                double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
                if (trial == 1) inputs["x"].Data[0] = special[rng.Next(special.Length)];
                TestIr.AssertSameOutputs(c.Kernel, after, dims, inputs);
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Fact]
    public void The_generator_makes_programs_where_fusion_applies()
    {
        int fused = 0, reduceInlined = 0;
        for (int seed = 0; seed < 100; seed++)
        {
            var k = new RandomPrograms(new Random(seed)).Kernel();
            var out_ = TestIr.Run(new FusePass(), new Module(EqArray.Of(k)));
            var names = out_.Certificate.Hint("inlined")!;
            if (names.Length > 0) fused++;
            reduceInlined += names.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Count(n => Rewriting.IrWalk.HasReduce(k.Body.First(c => c.Result.Name == n).Body!));
        }
        Assert.True(fused >= 30, $"only {fused} of 100 random programs had anything to fuse");
        Assert.True(reduceInlined >= 3, $"only {reduceInlined} reduce producers inlined (rule b)");
    }
}
