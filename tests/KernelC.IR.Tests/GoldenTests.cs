using System.Runtime.CompilerServices;

namespace KernelC.IR.Tests;

/// <summary>Every Golden/*.kcir file is in printed form: parse, re-print, compare byte for byte. With
/// KERNELC_BLESS=1 the source file is rewritten with the printer's output instead of failing.</summary>
public class GoldenTests
{
    private static string SourceDir([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Golden");

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.kcir").Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void GoldenFilesExist() => Assert.True(Files().Count() >= 2);

    [Theory]
    [MemberData(nameof(Files))]
    public void ReprintsExactly(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file));
        var m = TestIr.ParseValid(text, file);
        var printed = IrPrinter.Print(m);
        if (Environment.GetEnvironmentVariable("KERNELC_BLESS") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDir(), file), printed);
            return;
        }
        Assert.Equal(text, printed);
        Assert.Equal(m, TestIr.ParseValid(printed, file));
        Assert.Empty(IrVerifier.Verify(m));
    }
}
