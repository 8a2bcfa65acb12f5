using KernelC.Tests.Shared;
namespace KernelC.IR.Tests;

/// <summary>Each parser diagnostic with its exact span (line, column, length); the parser returns null.</summary>
public class ParserErrorTests
{
    private const string Ok = "kernel @k(%x: f32[N]) -> (y: f32[N])\n    dims N {\n  %c: f32[N] = compute [%i < N] {\n    %a: f32 = load %x[%i]\n    %b: f32 = exp %a\n    yield %b\n  }\n  return %c\n}\n";

    private static Diagnostic Single(string text, string id)
    {
        var (m, diags) = TestIr.ParseWithErrors(text);
        Assert.Null(m);
        var d = Assert.Single(diags);
        Assert.True(d.Id == id, d.Format());
        Assert.Equal("bad.kcir", d.File);
        return d;
    }

    private static void At(Diagnostic d, int line, int col, int length)
    {
        Assert.True((line, col, length) == (d.Line, d.Column, d.Span!.Value.Length), d.Format());
    }

    [Fact]
    public void ValidBaselineParses() => Assert.Single(TestIr.ParseValid(Ok).Kernels);

    [Fact]
    public void CommentsAreAllowed() =>
        Assert.Equal(TestIr.ParseValid(Ok), TestIr.ParseValid("// header\n" + Ok.Replace("exp %a\n", "exp %a // the exponential\n")));

    [Fact]
    public void KC0301_UnexpectedCharacter() => At(Single(Ok.Replace("exp %a", "exp $a"), "KC0301"), 5, 19, 1);

    [Fact]
    public void KC0302_ExpectedToken() => At(Single(Ok.Replace("load %x[%i]", "load %x(%i]"), "KC0302"), 4, 22, 1);

    [Fact]
    public void KC0302_EndOfInput()
    {
        var d = Single(Ok[..^3], "KC0302");
        Assert.Contains("end of input", d.Message);
    }

    [Fact]
    public void KC0303_UnknownDType() => At(Single(Ok.Replace("%a: f32", "%a: f31"), "KC0303"), 4, 9, 3);

    [Fact]
    public void KC0304_UnknownOpcode() => At(Single(Ok.Replace("exp %a", "expo %a"), "KC0304"), 5, 15, 4);

    [Fact]
    public void KC0304_UnknownAttribute() => At(Single(Ok.Replace("exp %a", "cast.rx %a"), "KC0304"), 5, 15, 7);

    [Fact]
    public void KC0304_MissingAttribute() => Single(Ok.Replace("exp %a", "cmp %a, %a"), "KC0304");

    [Fact]
    public void KC0304_AttributeOnPlainOp() => Single(Ok.Replace("exp %a", "exp.rn %a"), "KC0304");

    [Fact]
    public void KC0305_UndefinedValue() => At(Single(Ok.Replace("exp %a", "exp %zz"), "KC0305"), 5, 19, 3);

    [Fact]
    public void KC0305_IndexVariableInvisibleOutsideItsRegion() =>
        At(Single(Ok.Replace("  return %c", "  return %i"), "KC0305"), 8, 10, 2);

    [Fact]
    public void KC0306_BadInteger() => At(Single(Ok.Replace("f32[N] = compute", "f32[99999999999999999999] = compute"), "KC0306"), 3, 11, 20);

    [Fact]
    public void KC0306_FractionalExtent() => Single(Ok.Replace("[%i < N]", "[%i < 1.5]"), "KC0306");

    [Fact]
    public void KC0307_VerifierFindingAtTheValue()
    {
        // exp of an index into f32 breaks a verifier rule (operand and result dtypes), reported where %b is defined
        var d = Single(Ok.Replace("%b: f32 = exp %a", "%b: f32 = exp %i"), "KC0307");
        At(d, 5, 5, 2);
        Assert.Contains("@k", d.Message);
        Assert.Contains("%b", d.Message);
    }

    [Fact]
    public void KC0307_DuplicateKernelAtTheSecond()
    {
        var d = Single(Ok + "\n" + Ok, "KC0307");
        Assert.Equal(11, d.Line);
    }

    [Fact]
    public void KC0308_NestingTooDeep()
    {
        var sb = new System.Text.StringBuilder("kernel @k() -> () {\n  %c: f32 = compute [] {\n");
        for (int i = 0; i < 70; i++) sb.Append($"%r{i}: f32 = reduce.sum [] {{\n");
        Single(sb.ToString(), "KC0308");
    }

    [Fact]
    public void RecoversAtTheNextKernel()
    {
        var (m, diags) = TestIr.ParseWithErrors(Ok.Replace("exp %a", "exp %a %a") + "\n" + Ok.Replace("@k", "@k2").Replace("exp %a", "exq %a"));
        Assert.Null(m);
        Assert.Equal(["KC0302", "KC0304"], diags.Select(d => d.Id));
    }

    [Fact]
    public void EmptyTextIsAnEmptyModule()
    {
        var m = TestIr.ParseValid("");
        Assert.Empty(m.Kernels);
        Assert.Equal("", IrPrinter.Print(m));
    }

    [Fact]
    public void ConstantsRoundTripBitExactly()
    {
        double[] values = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.0 / 3, -1e-300,
            double.Epsilon, double.MaxValue, 123456789.0, 1e21, 5e-324];
        foreach (var v in values)
        {
            var text = $"kernel @k() -> (y: f64) {{\n  %c: f64 = compute [] {{\n    %a: f64 = const {IrPrinter.FormatNumber(v)}\n    yield %a\n  }}\n  return %c\n}}\n";
            var k = TestIr.ParseKernel(text);
            double back = k.Body[0].Body!.Body[0].Attrs.Number;
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.IsNaN(v) ? double.NaN : v), BitConverter.DoubleToInt64Bits(back));
            Assert.Equal(text, IrPrinter.Print(k));
        }
        Assert.Equal("-0", IrPrinter.FormatNumber(-0.0));
        Assert.Equal("-inf", IrPrinter.FormatNumber(double.NegativeInfinity));
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void FuzzRandomBytesNeverThrow()
    {
        var rng = new Random(1234);
        for (int n = 0; n < FuzzBudget.Count(3000); n++)
        {
            var chars = new char[rng.Next(0, 200)];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = rng.Next(4) == 0 ? (char)rng.Next(0, 0xFFFF) : "%@kernel(){}[],:=<>-0123456789.f32 \n"[rng.Next(35)];
            TestIr.ParseWithErrors(new string(chars));
        }
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void FuzzMutationsOfValidTextNeverThrow()
    {
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "all_ops.kcir"));
        var rng = new Random(99);
        string[] pieces = ["%", "@", "{", "}", "[", "]", ",", "-", "kernel", "compute", "reduce.max", "yield", "return", "%zz", "1e999", "nan", "\n", "bool", "index", "0"];
        int failures = 0;
        for (int n = 0; n < FuzzBudget.Count(1500); n++)
        {
            var text = golden;
            for (int m = rng.Next(1, 4); m > 0; m--)
            {
                int at = rng.Next(text.Length);
                text = rng.Next(3) switch
                {
                    0 => text.Remove(at, Math.Min(rng.Next(1, 12), text.Length - at)),
                    1 => text.Insert(at, pieces[rng.Next(pieces.Length)]),
                    _ => text.Remove(at, 1).Insert(at, ((char)rng.Next(32, 127)).ToString()),
                };
            }
            var (mod, diags) = TestIr.ParseWithErrors(text);
            if (mod is null)
            {
                failures++;
                Assert.NotEmpty(diags);
                Assert.All(diags, d => Assert.StartsWith("KC03", d.Id));
            }
            else Assert.Equal(mod, TestIr.ParseValid(IrPrinter.Print(mod)));
        }
        Assert.True(failures > 500);
    }
}
