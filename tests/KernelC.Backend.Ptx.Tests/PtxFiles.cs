using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests;

/// <summary>The hand-written PTX kernels in Interp/Kernels, read from the source tree.</summary>
internal static class PtxFiles
{
    private static string Dir() => Path.Combine(KernelC.Backend.Ptx.Tests.Emit.EmitTestData.TestsDir, "Interp", "Kernels");

    public static string Text(string name) => File.ReadAllText(Path.Combine(Dir(), name));

    public static IEnumerable<string> All() => Directory.GetFiles(Dir(), "*.ptx").Select(Path.GetFileName).Order()!;

    /// <summary>Reads a kernel file; fails the test with the diagnostics if it does not read.</summary>
    public static PtxModule Module(string name) => Parse(Text(name), name);

    public static PtxModule Parse(string text, string name = "test.ptx")
    {
        var d = new DiagnosticBag();
        var m = PtxReader.Read(text, name, d);
        Assert.True(m is not null, string.Join("\n", d.Items.Select(x => x.Format())));
        Assert.Empty(d.Items);
        return m!;
    }
}
