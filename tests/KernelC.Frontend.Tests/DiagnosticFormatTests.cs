using KernelC.IR;

namespace KernelC.Frontend.Tests;

public class DiagnosticFormatTests
{
    [Fact]
    public void PrintsFileLineColumnIdMessageThenLineAndCaret()
    {
        var src = "kernel k(x: f32[N], h: f16[N]) -> y: f32[N]\n{\n  y[i] = x[i] * h[i]\n}\n";
        var d = Assert.Single(TestFiles.CompileErrors(src, "mix.kc"));
        Assert.Equal(
            "mix.kc:3:15: error KC0213: f32 * f16: cast one side explicitly, e.g. f32(x[i])\n" +
            "  y[i] = x[i] * h[i]\n" +
            "              ^",
            d.Format());
    }

    [Fact]
    public void SyntaxErrorNamesWhatWasExpectedWithoutTokenSoup()
    {
        var d = Assert.Single(TestFiles.CompileErrors("kernel k(x: f32[N]) -> y: f32[N] { y[i] = x[i] * ] }"));
        Assert.Equal("KC0102", d.Id);
        Assert.Equal("test.kc:1:50: error KC0102: expected an expression, found ']'", d.Format().Split('\n')[0]);
        Assert.DoesNotContain("{", d.Message);
        Assert.DoesNotContain("mismatched", d.Message);
    }

    [Fact]
    public void IndependentErrorsInOneRunAreAllReported()
    {
        var errors = TestFiles.CompileErrors("kernel k(x: f32[N]) -> y: f32[N]\n{\n  a[i] = zz[i]\n  b[i] = exp(x)\n  y[i] = x[i] / 2 / 0 + yy\n}\n");
        Assert.Equal(new[] { ("KC0201", 3), ("KC0203", 4), ("KC0201", 5) }, errors.Select(e => (e.Id, e.Line)).ToArray());
    }
}
