using KernelC.IR;
using static KernelC.Runtime.Tests.TestFiles;

namespace KernelC.Runtime.Tests;

public class TensorFilesTests
{
    [Fact]
    public void LoadsAndSavesByExtension()
    {
        var dir = TempDir();
        try
        {
            var st = Path.Combine(dir, "w.SafeTensors");
            var npy = Path.Combine(dir, "bias.npy");
            TensorFiles.Save(st, new[] { T("b", DType.F16, new long[] { 1 }, 2), T("a", DType.I32, new long[] { 1 }, 3) });
            TensorFiles.Save(npy, new[] { T("ignored", DType.F32, new long[] { 2 }, 1, -1) });
            var diags = new DiagnosticBag();
            Assert.Equal(new[] { "a", "b" }, TensorFiles.Load(st, diags)!.Select(t => t.Name));
            var one = Assert.Single(TensorFiles.Load(npy, diags)!);
            Assert.Equal("bias", one.Name);
            Assert.Equal(new[] { 1.0, -1 }, one.Tensor.Data);
            Assert.Empty(diags.Items);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void UnknownExtensionAndBadSavesAreDiagnostics()
    {
        var dir = TempDir();
        try
        {
            var diags = new DiagnosticBag();
            Assert.Null(TensorFiles.Load(Path.Combine(dir, "w.pt"), diags));
            var one = new[] { T("a", DType.BF16, new long[] { 1 }, 1) };
            Assert.False(TensorFiles.TrySave(Path.Combine(dir, "w.bin"), one, diags));
            Assert.False(TensorFiles.TrySave(Path.Combine(dir, "w.npy"), one, diags));
            Assert.False(TensorFiles.TrySave(Path.Combine(dir, "w.npy"), Array.Empty<NamedTensor>(), diags));
            Assert.False(TensorFiles.TrySave(Path.Combine(dir, "missing", "w.safetensors"), one, diags));
            Assert.Equal(new[] { "KC0420", "KC0420", "KC0423", "KC0426", "KC0425" }, diags.Items.Select(d => d.Id));
            Assert.Contains("bf16", diags.Items[2].Message);
            Assert.Throws<ArgumentException>(() => TensorFiles.Save(Path.Combine(dir, "w.npy"), one));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
            Assert.True(TensorFiles.TrySave(Path.Combine(dir, "w.safetensors"), one, diags));
        }
        finally { Directory.Delete(dir, true); }
    }
}
