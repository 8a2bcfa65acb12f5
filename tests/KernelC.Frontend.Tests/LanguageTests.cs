using KernelC.Frontend.Syntax;
using KernelC.IR;

namespace KernelC.Frontend.Tests;

/// <summary>The meaning of constructs: precedence, scoping, constants, names of lowered values.</summary>
public class LanguageTests
{
    private static Kernel One(string src) => Assert.Single(TestFiles.CompileOk(src).Kernels);

    private static Instr Compute(Kernel k, string name) => k.Body.Single(i => i.Result.Name == name);

    [Fact]
    public void ReductionBodyExtendsAsFarRightAsPossible()
    {
        // sum[j] e[i,j] * v[j] / l[i]  ==  Σ_j (e·v/l): the division is inside the reduce region.
        var k = One("kernel k(e: f32[N, N], v: f32[N], l: f32[N]) -> o: f32[N] { o[i] = sum[j] e[i, j] * v[j] / l[i] }");
        var o = Compute(k, "o");
        var reduce = Assert.Single(o.Body!.Body);
        Assert.Equal(Opcode.Reduce, reduce.Op);
        Assert.Equal(Opcode.Div, reduce.Body!.Body[^1].Op);

        // Parentheses end it: (sum[j] e·v) / l divides outside.
        var k2 = One("kernel k(e: f32[N, N], v: f32[N], l: f32[N]) -> o: f32[N] { o[i] = (sum[j] e[i, j] * v[j]) / l[i] }");
        var o2 = Compute(k2, "o");
        Assert.Equal(Opcode.Div, o2.Body!.Body[^1].Op);
        Assert.Equal(Opcode.Mul, o2.Body.Body[0].Body!.Body[^1].Op);
    }

    [Fact]
    public void MultiplicationBindsTighterThanAdditionAndUnaryMinusTightest()
    {
        var k = One("kernel k(a: f32[N], b: f32[N]) -> o: f32[N] { o[i] = -a[i] + a[i] * b[i] }");
        var body = Compute(k, "o").Body!;
        var y = body.Body.Single(x => x.Result == body.Yield);
        Assert.Equal(Opcode.Add, y.Op);
        Assert.Equal(Opcode.Neg, body.Body.Single(x => x.Result == y.Args[0]).Op);
        Assert.Equal(Opcode.Mul, body.Body.Single(x => x.Result == y.Args[1]).Op);
    }

    [Fact]
    public void ScheduleIsKeptInTheAst()
    {
        var diags = new DiagnosticBag();
        var unit = FrontEnd.Parse(new SourceText("s.kc", "kernel k(a: f32[N]) -> o: f32[N] { o[i] = a[i] schedule \"fuse,tile(64)\" }\nkernel m(a: f32[N]) -> o: f32[N] { o[i] = a[i] }"), diags);
        Assert.NotNull(unit);
        Assert.Equal("fuse,tile(64)", unit!.Kernels[0].Schedule);
        Assert.Null(unit.Kernels[1].Schedule);
    }

    [Fact]
    public void ColumnsCountUtf16UnitsAfterAnEmojiInAComment()
    {
        var d = Assert.Single(TestFiles.CompileErrors("kernel k(x: f32[N]) -> y: f32[N] { /* \ud83d\ude00 */ y[i] = x[i] * h }"));
        Assert.Equal("KC0201", d.Id);
        Assert.Equal(59, d.Column); // h is the 59th UTF-16 unit of the line
        Assert.Equal("fuse \ud83d\ude00", FrontEnd.Parse(new SourceText("s.kc", "kernel k(x: f32[N]) -> y: f32[N] { y[i] = x[i] schedule \"fuse \ud83d\ude00\" }"), new DiagnosticBag())!.Kernels[0].Schedule);
    }

    [Fact]
    public void SignatureFormsAndDimsInOrderOfFirstAppearance()
    {
        var k = One("kernel k(s: f32, a: f32[M, 8, K]) -> (o: f32[M], p: f32) where K in {1, 2}, M % 4 == 0 { o[i] = sum[j, l] a[i, j, l] * s  p = s }");
        Assert.Equal(new[] { "M", "K" }, k.Dims.ToArray());
        Assert.Equal(2, k.Constraints.Count);
        Assert.Equal(new[] { "o", "p" }, k.Outputs.Select(o => o.Name).ToArray());
        Assert.Equal(new[] { "o", "p" }, k.Returns.Select(o => o.Name).ToArray());
        Assert.Equal(KernelC.IR.ValueType.Scalar(DType.F32), k.Params[0].Type);
    }

    [Fact]
    public void ConstantsTakeTheDtypeOfTheirNeighbourOrOfTheOutput()
    {
        // 0.1 next to an f16 operand is rounded to f16 (RNE); a constant-only output value takes the output dtype.
        var k = One("kernel k(a: f16[N]) -> (o: f16[N], c: f16) { o[i] = a[i] * 0.1  c = 1 / 3 }");
        var c = Compute(k, "o").Body!.Body.Single(i => i.Op == Opcode.Const);
        Assert.Equal(DType.F16, c.Result.DType);
        Assert.Equal((double)(Half)0.1, c.Attrs.Number);
        Assert.All(Compute(k, "c").Body!.Body, i => Assert.Equal(DType.F16, i.Result.DType));
    }

    [Fact]
    public void ConstantWithoutContextIsRejectedAndCastAccepted()
    {
        Assert.Equal("KC0223", Assert.Single(TestFiles.CompileErrors("kernel k(a: f32[N]) -> o: f32[N] { t = sqrt(N)  o[i] = a[i] }")).Id);
        var k = One("kernel k(a: f32[N]) -> o: f32[N] { t = f32(sqrt(N))  o[i] = a[i] * t }");
        Assert.Contains(Compute(k, "t").Body!.Body, i => i.Op == Opcode.DimValue);
    }

    [Fact]
    public void IndexNamesAreUniquifiedPerKernelAndScalarsNumbered()
    {
        var k = One("kernel k(a: f32[N]) -> o: f32[N] { t[i] = a[i]  o[i] = t[i] }");
        Assert.Equal("i", Compute(k, "t").Body!.Indices[0].Var.Name);
        Assert.Equal("i_1", Compute(k, "o").Body!.Indices[0].Var.Name);
        Assert.Equal(new[] { "0", "1" }, k.Body.SelectMany(c => c.Body!.Body).Select(i => i.Result.Name).ToArray());
    }

    [Fact]
    public void ExamplesMatchTheirInterpreterMeaning()
    {
        // softmax rows sum to 1 and follow exp(x - max) / Σ exp(x - max), checked with the reference interpreter.
        var m = TestFiles.CompileOk(File.ReadAllText(Path.Combine(TestFiles.Examples, "softmax.kc")));
        var x = new Tensor(DType.F32, [2, 3], [1, 2, 3, -1, 0, 0.5]);
        var r = Interpreter.Run(m.Kernels[0], new Dictionary<string, long> { ["R"] = 2, ["C"] = 3 },
            new Dictionary<string, Tensor> { ["x"] = x });
        Assert.Empty(r.Diagnostics);
        var y = r.Outputs!["y"];
        for (int row = 0; row < 2; row++)
        {
            double mx = Enumerable.Range(0, 3).Max(c => x[row, c]);
            double z = Enumerable.Range(0, 3).Sum(c => Math.Exp(x[row, c] - mx));
            for (int c = 0; c < 3; c++) Assert.Equal(Math.Exp(x[row, c] - mx) / z, y[row, c], 1e-6);
        }
    }

    [Fact]
    public void EmptyFileAndParameterlessKernel()
    {
        Assert.Empty(TestFiles.CompileOk("// nothing here\n").Kernels);
        var k = One("kernel one() -> o: f32 { o = 1 / 4 }");
        Assert.Empty(k.Params);
        Assert.Empty(k.Dims);
        // constants are not folded: 1 / 4 is a div of two f32 consts, evaluated with the IR semantics
        Assert.Equal(new[] { Opcode.Const, Opcode.Const, Opcode.Div }, Compute(k, "o").Body!.Body.Select(i => i.Op).ToArray());
    }
}
