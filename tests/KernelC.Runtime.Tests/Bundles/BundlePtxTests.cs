using System.Text;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Runtime.Bundles;

namespace KernelC.Runtime.Tests.Bundles;

/// <summary>The bundle reader accepts exactly the PTX paths ptx/KERNEL.ptx + ptx/KERNEL.program.json, in pairs,
/// with a valid program file bound to its PTX text; any other extra listed file is refused.</summary>
public sealed class BundlePtxTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kc-bundle-ptx-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    private const string PtxText = ".version 7.8\n.target sm_80\n.address_size 64\n";

    private static PtxProgram Program(string kernel = "k") => new(kernel, PtxText,
        EqArray.Of(new PtxBuffer("y", PtxBufferKind.Output, DType.F32, EqArray.Of(Dim.Of("N")))),
        EqArray.Of(new PtxLaunch("k_y", EqArray.Of(new PtxLaunchParam("y", PtxParamKind.Buffer), new PtxLaunchParam("N", PtxParamKind.Dim)),
            LaunchExtent.CeilDiv("N", 256), LaunchExtent.One, LaunchExtent.One, 256, 1, 1, 0,
            new KernelReport(10, 0, 256, "N", "4*N"))));

    private string Make(Action<Dictionary<string, byte[]>> edit)
    {
        var dir = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var files = new Dictionary<string, byte[]>
        {
            ["source.kc"] = "kernel k() -> () {}\n"u8.ToArray(),
            ["ir/0-source.kcir"] = "ir0"u8.ToArray(),
            ["ptx/k.ptx"] = Encoding.UTF8.GetBytes(PtxText),
            ["ptx/k.program.json"] = Encoding.UTF8.GetBytes(PtxProgramJson.Write(Program())),
        };
        edit(files);
        var skeleton = new BundleManifest(new BundleSource("source.kc", "k.kc", ""), "fuse", new BundleLimits(10_000, 1, 0),
            EqArray.Of(new BundleStage(0, "source", "ir/0-source.kcir", null, EqArray<string>.Empty)), EqArray<BundleFile>.Empty);
        BundleWriter.Write(dir, skeleton, files);
        return dir;
    }

    private static List<string> Ids(string dir)
    {
        var diags = new DiagnosticBag();
        var b = BundleReader.Read(dir, diags);
        Assert.Equal(b is null, diags.HasErrors);
        return diags.Items.Select(d => d.Id).ToList();
    }

    [Fact]
    public void A_ptx_pair_reads() => Assert.Empty(Ids(Make(_ => { })));

    [Fact]
    public void A_ptx_without_its_program_is_refused() => Assert.Equal(["KC0609"], Ids(Make(f => f.Remove("ptx/k.program.json"))));

    [Fact]
    public void Another_listed_file_is_refused() => Assert.Equal(["KC0609"], Ids(Make(f => f["ptx/notes.txt"] = "x"u8.ToArray())));

    [Fact]
    public void A_program_for_another_text_is_refused() =>
        Assert.Equal(["KC0803"], Ids(Make(f => f["ptx/k.ptx"] = Encoding.UTF8.GetBytes(PtxText + "// changed\n"))));

    [Fact]
    public void A_program_for_another_kernel_is_refused() =>
        Assert.Equal(["KC0609"], Ids(Make(f => f["ptx/k.program.json"] = Encoding.UTF8.GetBytes(PtxProgramJson.Write(Program("other"))))));
}
