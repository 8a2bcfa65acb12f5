using System.Buffers.Binary;
using System.Text;
using KernelC.IR;
using static KernelC.Runtime.Tests.TestFiles;

namespace KernelC.Runtime.Tests;

/// <summary>One case per malformation; each must be rejected with its own id, and nothing may be returned.</summary>
public class SafeTensorsMalformedTests
{
    private static string E(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static readonly string Ok = E("ok", "I8", "[2]", 0, 2);

    private static Diagnostic Reject(byte[] bytes, string id)
    {
        var diags = new DiagnosticBag();
        var r = SafeTensors.Read(bytes, "bad.safetensors", diags);
        Assert.Null(r);
        Assert.True(diags.Items.Any(d => d.Id == id), $"expected {id}, got: {string.Join(" | ", diags.Items)}");
        Assert.All(diags.Items, d => Assert.Equal("bad.safetensors", d.File));
        return diags.Items.First(d => d.Id == id);
    }

    public static IEnumerable<object[]> HeaderCases() => new (string Why, string Header, int DataBytes, string Id)[]
    {
        ("not JSON", "{\"ok\":", 0, "KC0405"),
        ("not an object", "[1,2]", 0, "KC0405"),
        ("garbage after the object", "{} x", 0, "KC0405"),
        ("NUL padding", "{}\0\0", 0, "KC0405"),
        ("empty header", "", 0, "KC0405"),
        ("leading space", " {}", 0, "KC0405"),
        ("byte-order mark", "\uFEFF{}", 0, "KC0405"),
        ("trailing comma", "{" + Ok + ",}", 2, "KC0405"),
        ("lone surrogate key", "{\"\\ud800\":{}}", 0, "KC0405"),
        ("duplicate tensor", "{" + Ok + "," + Ok + "}", 2, "KC0406"),
        ("duplicate field", "{\"a\":{\"dtype\":\"I8\",\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[0,1]}}", 1, "KC0406"),
        ("duplicate metadata key", "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "KC0406"),
        ("duplicate metadata", "{\"__metadata__\":{},\"__metadata__\":{}}", 0, "KC0406"),
        ("missing field", "{\"a\":{\"dtype\":\"I8\",\"shape\":[]}}", 0, "KC0407"),
        ("extra field", "{\"a\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[0,1],\"x\":1}}", 1, "KC0407"),
        ("entry not an object", "{\"a\":[1]}", 0, "KC0408"),
        ("dtype not a string", "{\"a\":{\"dtype\":3,\"shape\":[],\"data_offsets\":[0,1]}}", 1, "KC0408"),
        ("shape not an array", "{\"a\":{\"dtype\":\"I8\",\"shape\":2,\"data_offsets\":[0,2]}}", 2, "KC0408"),
        ("shape entry a string", "{" + E("a", "I8", "[\"2\"]", 0, 2) + "}", 2, "KC0408"),
        ("three offsets", "{\"a\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[0,1,1]}}", 1, "KC0408"),
        ("offset a string", "{\"a\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[\"0\",1]}}", 1, "KC0408"),
        ("unsupported dtype", "{" + E("a", "I64", "[1]", 0, 8) + "}", 8, "KC0409"),
        ("unknown dtype", "{" + E("a", "F17", "[1]", 0, 2) + "}", 2, "KC0409"),
        ("negative extent", "{" + E("a", "I8", "[-1]", 0, 0) + "}", 0, "KC0410"),
        ("fractional extent", "{" + E("a", "I8", "[2.5]", 0, 2) + "}", 2, "KC0410"),
        ("exponent extent", "{" + E("a", "I8", "[2e0]", 0, 2) + "}", 2, "KC0410"),
        ("huge extent", "{" + E("a", "I8", "[99999999999999999999999]", 0, 2) + "}", 2, "KC0410"),
        ("extent above MaxElements", "{" + E("a", "I8", "[268435457]", 0, 2) + "}", 2, "KC0410"),
        ("element count above MaxElements", "{" + E("a", "I8", "[65536,65536]", 0, 2) + "}", 2, "KC0411"),
        ("element count overflowing 64 bits", "{" + E("a", "I8", "[268435456,268435456,268435456]", 0, 2) + "}", 2, "KC0411"),
        ("negative offset", "{" + E("a", "I8", "[2]", -2, 0) + "}", 0, "KC0412"),
        ("fractional offset", "{\"a\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[0.5,1]}}", 1, "KC0412"),
        ("offset above 2^63", "{" + E("a", "I8", "[0]", 0, 0).Replace("[0,0]", "[9223372036854775808,9223372036854775808]") + "}", 0, "KC0412"),
        ("end before begin", "{" + E("a", "I8", "[0]", 2, 1) + "}", 2, "KC0413"),
        ("wrong byte length", "{" + E("a", "F32", "[2]", 0, 4) + "}", 4, "KC0414"),
        ("range past the buffer", "{" + E("a", "I8", "[4]", 0, 4) + "}", 2, "KC0415"),
        ("overlap", "{" + E("a", "I8", "[2]", 0, 2) + "," + E("b", "I8", "[2]", 1, 3) + "}", 3, "KC0416"),
        ("hole", "{" + E("a", "I8", "[1]", 0, 1) + "," + E("b", "I8", "[1]", 2, 3) + "}", 3, "KC0417"),
        ("hole at the start", "{" + E("a", "I8", "[1]", 1, 2) + "}", 2, "KC0417"),
        ("trailing bytes", "{" + Ok + "}", 3, "KC0418"),
        ("data without tensors", "{}", 1, "KC0418"),
        ("metadata not an object", "{\"__metadata__\":\"x\"}", 0, "KC0419"),
        ("metadata value a number", "{\"__metadata__\":{\"k\":1}}", 0, "KC0419"),
    }.Select(c => new object[] { c.Why, c.Header, c.DataBytes, c.Id });

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public void MalformedHeaderIsRejected(string why, string header, int dataBytes, string id)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Reject(Build(header, new byte[dataBytes]), id);
    }

    [Fact]
    public void TheSameHeadersWithTheirFaultRemovedAreAccepted()
    {
        // positive controls, so that the cases above fail for their fault and not for a neighbouring one
        foreach (var (header, data) in new[]
        {
            ("{" + Ok + "}", 2), ("{" + Ok + "}   ", 2), ("{\"__metadata__\":{\"k\":\"v\"}}", 0), ("{}", 0),
            ("{" + E("a", "I8", "[1]", 0, 1) + "," + E("b", "I8", "[1]", 1, 2) + "}", 2),
            ("{" + E("z", "I8", "[0]", 0, 0) + "," + E("a", "I8", "[65536,0]", 0, 0) + "}", 0),
        })
        {
            var diags = new DiagnosticBag();
            Assert.NotNull(SafeTensors.Read(Build(header, new byte[data]), "good", diags));
            Assert.Empty(diags.Items);
        }
    }

    [Fact]
    public void UnsupportedDTypeMessageNamesIt()
    {
        var d = Reject(Build("{" + E("a", "F8_E4M3", "[1]", 0, 1) + "}", 0), "KC0409");
        Assert.Contains("unsupported dtype F8_E4M3 for KernelC", d.Message);
    }

    [Fact]
    public void FileShorterThanEightBytes() => Reject(new byte[] { 1, 0, 0 }, "KC0403");

    [Fact]
    public void HeaderLengthPastTheFile()
    {
        var bytes = Build("{}");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 3);
        Reject(bytes, "KC0404");
    }

    [Fact]
    public void HeaderLengthAboveOneHundredMiB()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (100UL << 20) + 1);
        Assert.Contains("100 MiB", Reject(bytes, "KC0404").Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Reject(bytes, "KC0404");
    }

    [Fact]
    public void HeaderNotUtf8GivesTheByteOffset()
    {
        var raw = Encoding.ASCII.GetBytes("{\"ab\":{}}");
        raw[3] = 0xFF; // invalid UTF-8 at header byte 3, file byte 11
        var d = Reject(BuildRaw(raw, Array.Empty<byte>()), "KC0405");
        Assert.Equal(11, d.ByteOffset);
    }

    [Fact]
    public void LayoutErrorsCarryFileOffsets()
    {
        var header = "{" + E("a", "I8", "[1]", 0, 1) + "," + E("b", "I8", "[1]", 2, 3) + "}";
        var d = Reject(Build(header, new byte[3]), "KC0417");
        Assert.Equal(8 + Encoding.UTF8.GetByteCount(header) + 1, d.ByteOffset);
        Assert.Contains("(at byte", d.Format());
    }

    [Fact]
    public void EveryBadEntryIsReported()
    {
        var header = "{" + E("a", "I64", "[1]", 0, 8) + "," + E("b", "I8", "[-1]", 8, 8) + "," + E("c", "F32", "[1]", 8, 9) + "}";
        var diags = new DiagnosticBag();
        var bytes = Build(header, new byte[9]);
        Assert.Null(SafeTensors.Read(bytes, "f", diags));
        Assert.Equal(new[] { "KC0409", "KC0410", "KC0414" }, diags.Items.Select(d => d.Id));
        // each diagnostic points at the opening quote of its tensor's key
        Assert.Equal(new[] { "\"a\"", "\"b\"", "\"c\"" },
            diags.Items.Select(d => Encoding.ASCII.GetString(bytes, (int)d.ByteOffset!.Value, 3)));
    }

    [Fact]
    public void MissingFileAndFolderAreDiagnostics()
    {
        var dir = TempDir();
        try
        {
            var diags = new DiagnosticBag();
            Assert.Null(SafeTensors.Read(Path.Combine(dir, "nope.safetensors"), diags));
            Assert.Null(SafeTensors.Read(dir, diags));
            Assert.Equal(new[] { "KC0401", "KC0401" }, diags.Items.Select(d => d.Id));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void FileAboveTheSizeLimitIsRefusedWithoutReadingIt()
    {
        var dir = TempDir();
        try
        {
            var path = Path.Combine(dir, "huge.safetensors");
            using (var fs = new FileStream(path, FileMode.CreateNew)) fs.SetLength(5L << 30); // sparse: no disk used
            var diags = new DiagnosticBag();
            Assert.Null(SafeTensors.Read(path, diags));
            var d = Assert.Single(diags.Items);
            Assert.Equal("KC0402", d.Id);
            Assert.Contains(Convert.ToString(5L << 30), d.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
