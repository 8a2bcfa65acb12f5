using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Tests.Shared;

namespace KernelC.Frontend.Tests;

/// <summary>Random well-typed programs (<see cref="RandomPrograms"/>, generated as source text) compile, their IR passes the verifier and the
/// reference interpreter runs them at small sizes without complaint.</summary>
public class RandomProgramTests
{
    [Fact]
    public void GeneratedWellTypedProgramsCompileVerifyAndRun()
    {
        var dims = new Dictionary<string, long> { ["N"] = 2, ["M"] = 3 };
        var inputs = new Dictionary<string, Tensor>
        {
            ["a"] = new(DType.F32, [2, 3], [1, -2, 3, 0.5, 0.25, -1]),
            ["b"] = new(DType.F32, [3], [0.5, 1, 2]),
            ["c"] = new(DType.F32, [2], [3, -4]),
            ["s"] = new(DType.F32, [], [1.5]),
            ["h"] = new(DType.F16, [2, 3], [1, 2, 0.5, -1, 0, 4]),
        };
        Prop.ForAll(RandomPrograms.Program(RandomPrograms.AllFunctions).ToArbitrary(), src =>
        {
            var diags = new DiagnosticBag();
            var m = FrontEnd.Compile(new SourceText("gen.kc", src), diags);
            if (m is null) throw new Xunit.Sdk.XunitException(src + "\n" + string.Join("\n", diags.Items.Select(x => x.Format())));
            Assert.Empty(IrVerifier.Verify(m));
            var r = Interpreter.Run(m.Kernels[0], dims, inputs);
            Assert.Empty(r.Diagnostics);
            Assert.NotNull(r.Outputs);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TheGeneratorCanProduceIllTypedProgramsWhenBroken()
    {
        // The property above must be able to fail: the same harness rejects a program with an f16 * f32 mix.
        var src = RandomPrograms.Header + "  o[i, j] = a[i, j] * h[i, j]\n}\n";
        Assert.Equal("KC0213", Assert.Single(TestFiles.CompileErrors(src)).Id);
    }
}
