using static KernelC.Runtime.Tests.TestFiles;

namespace KernelC.Runtime.Tests;

public class AtomicFileTests
{
    [Fact]
    public void WritesAndReplacesLeavingNoTempFiles()
    {
        var dir = TempDir();
        try
        {
            var path = Path.Combine(dir, "out.txt");
            AtomicFile.WriteAllText(path, "first");
            AtomicFile.WriteAllText(path, "second é");
            Assert.Equal("second é", File.ReadAllText(path));
            Assert.Equal(new byte[] { 0x73 }, File.ReadAllBytes(path)[..1]); // no BOM
            AtomicFile.WriteAllBytes(path, new byte[] { 1, 2 });
            Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void FailureLeavesTheOldFileAndNoTemp()
    {
        var dir = TempDir();
        try
        {
            var path = Path.Combine(dir, "out.bin");
            File.WriteAllText(path, "old");
            // the rename fails because a folder is in the way; a file-over-folder rename is refused by the OS
            var blocked = Path.Combine(dir, "blocked");
            Directory.CreateDirectory(blocked);
            Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(blocked, "new"));
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
            // a missing folder fails before anything is written
            Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(Path.Combine(dir, "no", "x"), "new"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ReplaceDirectorySwapsInTheStagingFolder()
    {
        var dir = TempDir();
        try
        {
            var target = Path.Combine(dir, "bundle");
            var staging = Path.Combine(dir, "bundle.staging");
            Directory.CreateDirectory(staging);
            File.WriteAllText(Path.Combine(staging, "a"), "1");
            AtomicFile.ReplaceDirectory(staging, target); // no target yet
            Assert.Equal("1", File.ReadAllText(Path.Combine(target, "a")));

            Directory.CreateDirectory(staging);
            File.WriteAllText(Path.Combine(staging, "b"), "2");
            AtomicFile.ReplaceDirectory(staging, target);
            Assert.False(File.Exists(Path.Combine(target, "a")));
            Assert.Equal("2", File.ReadAllText(Path.Combine(target, "b")));
            Assert.Equal(new[] { target }, Directory.GetDirectories(dir)); // staging and the old one are gone
            Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.ReplaceDirectory(staging, target));
            Assert.True(File.Exists(Path.Combine(target, "b")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
