namespace KernelC.IR.Tests;

/// <summary>Helpers shared by the tests: parse text that must be valid, parse expecting diagnostics.</summary>
internal static class TestIr
{
    public static Module ParseValid(string text, string path = "test.kcir")
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText(path, text), diags);
        Assert.True(m is not null && diags.Count == 0, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }

    public static Kernel ParseKernel(string text) => ParseValid(text).Kernels.Single();

    public static (Module? Module, IReadOnlyList<Diagnostic> Diags) ParseWithErrors(string text)
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText("bad.kcir", text), diags);
        return (m, diags.Items);
    }

    public static Tensor Tensor(DType t, long[] shape, Func<long, double> f)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var data = new double[n];
        for (long i = 0; i < n; i++) data[i] = f(i);
        return new Tensor(t, [.. shape], data);
    }
}
