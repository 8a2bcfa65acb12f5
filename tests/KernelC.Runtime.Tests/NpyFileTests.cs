using KernelC.Tests.Shared;
using System.Buffers.Binary;
using System.Text;
using KernelC.IR;
using static KernelC.Runtime.Tests.TestFiles;

namespace KernelC.Runtime.Tests;

public class NpyFileTests
{
    /// <summary>A .npy file of the given version with the header text (padding and '\n' added here) and data.</summary>
    private static byte[] Npy(string dict, byte[] data, int major = 1, bool newline = true)
    {
        int prefix = major == 1 ? 10 : 12;
        var header = dict + (newline ? "\n" : "");
        var hb = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[prefix + hb.Length + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 }.CopyTo(bytes, 0);
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)hb.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)hb.Length);
        hb.CopyTo(bytes, prefix);
        data.CopyTo(bytes, prefix + hb.Length);
        return bytes;
    }

    private static Tensor? Read(byte[] bytes, DiagnosticBag diags) => NpyFile.Read(bytes, "x.npy", diags);

    private static void Reject(byte[] bytes, string id)
    {
        var diags = new DiagnosticBag();
        Assert.Null(Read(bytes, diags));
        Assert.True(diags.Items.Any(d => d.Id == id), $"expected {id}, got: {string.Join(" | ", diags.Items)}");
    }

    [Theory]
    [MemberData(nameof(SafeTensorsRoundTripTests.Specials), MemberType = typeof(SafeTensorsRoundTripTests))]
    public void EveryNpyDTypeRoundTripsBitExactly(DType t, double[] values)
    {
        if (t == DType.BF16)
        {
            Assert.False(NpyFile.CanStore(t));
            Assert.Throws<ArgumentException>(() => NpyFile.Serialize(new Tensor(t, [values.Length], values)));
            return;
        }
        var input = new Tensor(t, [1, values.Length, 1], values);
        var diags = new DiagnosticBag();
        var back = Read(NpyFile.Serialize(input), diags);
        Assert.Empty(diags.Items);
        Assert.Equal(t, back!.DType);
        Assert.Equal(new long[] { 1, values.Length, 1 }, back.Shape.ToArray());
        Assert.Equal(Bits(input), Bits(back));
    }

    [Fact]
    public void GoldenBytesMatchNumpysLayout()
    {
        var bytes = NpyFile.Serialize(new Tensor(DType.I32, [2], [1, -2]));
        const string dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
        // 10-byte preamble + 57-byte dict + '\n' = 68, padded with 60 spaces to 128
        Assert.Equal(57, dict.Length);
        var expected = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(dict + new string(' ', 60) + "\n"));
        expected.AddRange(new byte[] { 1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF });
        Assert.Equal(expected.ToArray(), bytes);
        Assert.Contains("'shape': (), }", Encoding.ASCII.GetString(NpyFile.Serialize(new Tensor(DType.I8, [], [3]))));
        Assert.Contains("'shape': (2, 3), }", Encoding.ASCII.GetString(NpyFile.Serialize(new Tensor(DType.I8, [2, 3], new double[6]))));
    }

    [Fact]
    public void ReadsVersions2And3WithOtherKeyOrderAndQuotes()
    {
        var data = new byte[] { 0x00, 0x3C, 0x00, 0xC0 }; // f16 1.0, -2.0
        foreach (var major in new[] { 2, 3 })
        {
            var diags = new DiagnosticBag();
            var t = Read(Npy("{\"shape\": (2,), 'fortran_order': False, 'descr': '<f2'}   ", data, major), diags);
            Assert.Empty(diags.Items);
            Assert.Equal(new[] { 1.0, -2.0 }, t!.Data);
        }
    }

    public static IEnumerable<object[]> Malformed() => new (string Why, byte[] Bytes, string Id)[]
    {
        ("no magic", Encoding.ASCII.GetBytes("NUMPY\x01\x00\x00\x00\x00\x00"), "KC0421"),
        ("too short", new byte[] { 0x93, (byte)'N' }, "KC0421"),
        ("version 4.0", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4], 4), "KC0421"),
        ("version 1.1", SetByte(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]), 7, 1), "KC0421"),
        ("header length past the end", SetByte(Npy("{}", new byte[0]), 9, 0x40), "KC0421"),
        ("not a dict", Npy("['descr']", new byte[0]), "KC0422"),
        ("missing key", Npy("{'descr': '<f4', 'shape': (), }", new byte[4]), "KC0422"),
        ("unknown key", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", new byte[4]), "KC0422"),
        ("duplicate key", Npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", new byte[4]), "KC0422"),
        ("1-tuple without comma", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}", new byte[4]), "KC0422"),
        ("negative extent", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", new byte[0]), "KC0422"),
        ("huge extent", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", new byte[0]), "KC0422"),
        ("no newline", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", new byte[4], 1, false), "KC0422"),
        ("garbage after dict", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': ()} x", new byte[4]), "KC0422"),
        ("fortran_order not a bool", Npy("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}", new byte[4]), "KC0422"),
        ("structured descr", Npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}", new byte[4]), "KC0422"),
        ("bad UTF-8 in 3.0", SetByte(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4], 3), 14, 0xFF), "KC0422"),
        ("fortran order", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,)}", new byte[4]), "KC0423"),
        ("big-endian", Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "KC0423"),
        ("int64", Npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,)}", new byte[8]), "KC0423"),
        ("too many elements", Npy("{'descr': '|i1', 'fortran_order': False, 'shape': (65536, 65536)}", new byte[0]), "KC0411"),
        ("data too short", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", new byte[7]), "KC0424"),
        ("trailing data", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", new byte[9]), "KC0424"),
    }.Select(c => new object[] { c.Why, c.Bytes, c.Id });

    private static byte[] SetByte(byte[] b, int at, byte v) { b[at] = v; return b; }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedNpyIsRejected(string why, byte[] bytes, string id)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Reject(bytes, id);
    }

    [Fact]
    public void BigEndianMessageSaysSo()
    {
        var diags = new DiagnosticBag();
        Read(Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,)}", new byte[4]), diags);
        Assert.Contains("big-endian", diags.Items.Single().Message);
    }

    [Fact]
    public void ControlWithoutTheFaultsIsAccepted()
    {
        var diags = new DiagnosticBag();
        Assert.NotNull(Read(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", new byte[8]), diags));
        Assert.NotNull(Read(Npy("{'descr': '|i1', 'fortran_order': False, 'shape': (0, 65536)}", new byte[0]), diags));
        Assert.Empty(diags.Items);
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void RandomBytesAndMutationsNeverThrow()
    {
        var valid = NpyFile.Serialize(new Tensor(DType.F32, [2, 2], [1, 2, 3, 4]));
        var rng = new Random(7);
        for (int i = 0; i < FuzzBudget.Count(3000); i++)
        {
            var b = (byte[])valid.Clone();
            for (int k = rng.Next(1, 4); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            var cut = b.AsSpan(0, rng.Next(b.Length + 1)).ToArray();
            foreach (var bytes in new[] { b, cut })
            {
                var diags = new DiagnosticBag();
                var r = Read(bytes, diags);
                Assert.Equal(r is null, diags.HasErrors);
            }
        }
    }
}
