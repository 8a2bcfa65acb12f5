using System.Collections.Immutable;
using KernelC.IR;
using Xunit.Abstractions;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>Each example's emitted PTX on the CPU PTX interpreter against the reference interpreter (Precision.Exact)
/// on the same IR, at two small sizes, with deterministic random inputs in [-1, 1] (f32-representable). The error is
/// normwise: max |ptx − ref| / max |ref|. The tolerances are the stated approximations of docs/ptx.md ("Emission",
/// differential tolerances): 0 where every op is IEEE-exact (bit-exact), small where exp/erf/rsqrt are approximated.</summary>
public class DifferentialTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases()
    {
        object[] C(string ex, double tol, params (string, long)[] dims) => [ex, tol, string.Join(",", dims.Select(d => $"{d.Item1}={d.Item2}"))];
        yield return C("matmul", 0, ("M", 5), ("K", 7), ("N", 3));
        yield return C("matmul", 0, ("M", 17), ("K", 33), ("N", 9));
        yield return C("matmul_bf16", 0, ("M", 5), ("K", 7), ("N", 3));
        yield return C("matmul_bf16", 0, ("M", 16), ("K", 24), ("N", 8));
        yield return C("softmax", 1e-6, ("R", 3), ("C", 5));
        yield return C("softmax", 1e-6, ("R", 8), ("C", 40));
        yield return C("layernorm", 1e-6, ("R", 3), ("C", 5));
        yield return C("layernorm", 1e-6, ("R", 8), ("C", 40));
        yield return C("rmsnorm", 1e-6, ("R", 3), ("C", 5));
        yield return C("rmsnorm", 1e-6, ("R", 8), ("C", 40));
        yield return C("gelu_mlp", 2e-6, ("R", 3), ("C", 5), ("H", 4));
        yield return C("gelu_mlp", 2e-6, ("R", 8), ("C", 16), ("H", 24));
        // attention: the where clause (D in {64, 128}, N % 64 == 0) is relaxed to small sizes; it does not change
        // the emitted code of compute entries (only parallel entries size shared arrays from it)
        foreach (var ex in new[] { "attention", "causal_attention", "attention_f16" })
        {
            yield return C(ex, 2e-6, ("N", 8), ("D", 4));
            yield return C(ex, 2e-6, ("N", 24), ("D", 8));
        }
        yield return C("loop_flash", 2e-6, ("N", 16), ("D", 3));
        yield return C("loop_flash", 2e-6, ("N", 48), ("D", 8));
        yield return C("loop_flash_dynamic_shared", 2e-6, ("N", 32), ("D", 5)); // D <= 512: tiles in dynamic shared memory
        yield return C("loop_matmul", 0, ("M", 8), ("K", 5), ("N", 8));
        yield return C("loop_matmul", 0, ("M", 40), ("K", 20), ("N", 33)); // partial tiles and k blocks
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PtxAgreesWithTheReferenceInterpreter(string example, double tolerance, string dimText)
    {
        var dims = dimText.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1]));
        var k = example switch
        {
            "loop_flash" => EmitLoopLevelTests.Flash(),
            "loop_flash_dynamic_shared" => EmitLoopLevelTests.Flash(", D <= 512"),
            "loop_matmul" => EmitTestData.Parse(EmitLoopLevelTests.IrGolden("loop_matmul.kcir")),
            _ when example.Contains("attention") => EmitTestData.Parse(
                // the fused tensor-level kernel (the flash loop kernel needs N % 64 == 0: covered by loop_flash)
                File.ReadAllText(Path.Combine(EmitTestData.RepoRoot(), "proofs", example, "ir", "1-fuse.kcir"))
                    .Replace("where D in {64, 128}, N % 64 == 0", "where D in {4, 8}, N % 4 == 0")),
            _ => EmitTestData.FinalIr(example),
        };
        var rng = new Random(HashCode.Combine(example.Length, dimText.Length, 7));
        var inputs = new Dictionary<string, Tensor>();
        foreach (var p in k.Params)
        {
            var shape = p.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            var data = new double[Tensor.ElementCount(shape)];
            for (int i = 0; i < data.Length; i++)
                data[i] = FloatFormat.Round(rng.NextDouble() * 2 - 1, p.DType, RoundingMode.NearestEven);
            inputs[p.Name] = new Tensor(p.DType, shape, data);
        }
        var reference = Interpreter.Run(k, dims, inputs, Precision.Exact);
        Assert.True(reference.Outputs is not null, string.Join("\n", reference.Diagnostics.Select(d => d.Format())));
        var ptx = PtxProgramRunner.Run(EmitTestData.EmitOk(k), inputs, dims);
        foreach (var (name, refTensor) in reference.Outputs!)
        {
            var got = ptx[name];
            double maxRef = refTensor.Data.Max(Math.Abs), maxErr = 0;
            for (int i = 0; i < got.Length; i++) maxErr = Math.Max(maxErr, Math.Abs(got[i] - refTensor.Data[i]));
            Assert.False(double.IsNaN(maxErr));
            double normwise = maxRef == 0 ? maxErr : maxErr / maxRef;
            output.WriteLine($"{example} {dimText} {name}: normwise error {normwise:E3} (tolerance {tolerance:E1})");
            Assert.True(normwise <= tolerance, $"{example} {dimText} {name}: normwise error {normwise:E3} > {tolerance:E1}");
        }
    }
}
