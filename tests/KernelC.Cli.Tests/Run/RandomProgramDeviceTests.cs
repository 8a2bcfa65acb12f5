using FsCheck;
using FsCheck.Fluent;
using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.Cli.Run;
using KernelC.Frontend;
using KernelC.IR;
using KernelC.Runtime.Devices;
using KernelC.Tests.Shared;

namespace KernelC.Cli.Tests.Run;

/// <summary>Issue 5, differential testing on generated programs: random well-typed programs
/// (<see cref="RandomPrograms"/>) whose unary functions are IEEE-exact in PTX (sqrt.rn, abs, neg), emitted to PTX
/// twice — from the source IR (one launch per statement) and through the default pipeline (`fuse`) — and run on the
/// CPU PTX interpreter, agree with the reference interpreter (binary32, Precision.Exact) BIT FOR BIT on every output
/// element (NaN agrees with NaN; +0 and −0 agree: max/min of zeros of both signs may return either, as on a GPU).
/// The approximated functions (ex2, lg2, tanh, rsqrt, erf) are checked against their stated errors elsewhere
/// (tests/KernelC.Backend.Ptx.Tests/Emit/ApproximationTests.cs); here they would hide a wrong lowering in a tolerance.
/// 100 programs in CI; more with KERNELC_FUZZ_SCALE (docs/fuzzing.md).</summary>
public class RandomProgramDeviceTests
{
    private static readonly Dictionary<string, long> Dims = new() { ["N"] = 3, ["M"] = 34 };

    private static Dictionary<string, Tensor> Inputs()
    {
        var rng = new Random(20261122);
        Tensor T(DType t, params long[] shape)
        {
            var data = new double[Tensor.ElementCount([.. shape])];
            for (int i = 0; i < data.Length; i++)
                data[i] = i % 11 == 3 ? 0 : FloatFormat.Round(rng.NextDouble() * 4 - 2, t, RoundingMode.NearestEven);
            return new Tensor(t, [.. shape], data);
        }
        return new() { ["a"] = T(DType.F32, 3, 34), ["b"] = T(DType.F32, 34), ["c"] = T(DType.F32, 3), ["s"] = T(DType.F32), ["h"] = T(DType.F16, 3, 34) };
    }

    private static bool Agree(double want, double got) =>
        (double.IsNaN(want) && double.IsNaN(got)) || want == got;   // == identifies +0 and −0 and nothing else

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Generated_exact_programs_agree_bit_for_bit_on_the_cpu_ptx_device()
    {
        var inputs = Inputs();
        using var device = new CpuPtxDevice();
        Prop.ForAll(RandomPrograms.Program(RandomPrograms.ExactFunctions).ToArbitrary(), src =>
        {
            var diags = new DiagnosticBag();
            var source = new SourceText("gen.kc", src);
            var module = FrontEnd.Compile(source, diags) ?? throw new Xunit.Sdk.XunitException(src + Format(diags));
            var reference = Interpreter.Run(module.Kernels[0], Dims, inputs, Precision.Exact);
            Assert.True(reference.Outputs is not null, src + string.Join("\n", reference.Diagnostics.Select(d => d.Format())));
            var unfused = PtxEmitter.Emit(module.Kernels[0], PtxTarget.Default, diags) ?? throw new Xunit.Sdk.XunitException(src + Format(diags));
            var fused = SourceProgram.Compile(source, "g", TextWriter.Null, diags) ?? throw new Xunit.Sdk.XunitException(src + Format(diags));
            foreach (var (how, program) in new[] { ("unfused", unfused), ("fused", fused) })
            {
                var run = device.Run(program, inputs, Dims);
                Assert.True(run.Error is null, $"{how}: {run.Error}\n{src}");
                var want = reference.Outputs!["o"].Data;
                var got = run.Outputs!["o"].Data;
                for (int e = 0; e < want.Length; e++)
                    Assert.True(Agree(want[e], got[e]), $"{how} PTX: o[{e / 34}, {e % 34}] = {got[e]:R}, reference {want[e]:R}\n{src}");
            }
        }).Check(FuzzBudget.Config());
    }

    [Fact]
    public void The_comparison_can_fail_a_wrong_lowering()
    {
        // The same harness on a program whose PTX is edited (mul → add in the statement o) must disagree.
        var src = RandomPrograms.Header + "  o[i, j] = a[i, j] * b[j]\n}\n";
        var diags = new DiagnosticBag();
        var module = FrontEnd.Compile(new SourceText("gen.kc", src), diags)!;
        var program = PtxEmitter.Emit(module.Kernels[0], PtxTarget.Default, diags)!;
        Assert.Contains("mul.rn.f32", program.PtxText);
        var edited = program with { PtxText = program.PtxText.Replace("mul.rn.f32", "add.rn.f32") };
        var inputs = Inputs();
        var want = Interpreter.Run(module.Kernels[0], Dims, inputs, Precision.Exact).Outputs!["o"].Data;
        using var device = new CpuPtxDevice();
        Assert.True(device.Run(program, inputs, Dims).Outputs!["o"].Data.Zip(want).All(p => Agree(p.Second, p.First)));
        Assert.False(device.Run(edited, inputs, Dims).Outputs!["o"].Data.Zip(want).All(p => Agree(p.Second, p.First)));
    }

    private static string Format(DiagnosticBag d) => "\n" + string.Join("\n", d.Items.Select(x => x.Format()));
}
