using System.Collections.Immutable;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using static KernelC.Runtime.Tests.TestFiles;

namespace KernelC.Runtime.Tests;

public class SafeTensorsRoundTripTests
{
    private static double Nan(long bits) => BitConverter.Int64BitsToDouble(bits);

    public static IEnumerable<object[]> Specials()
    {
        // NaN payloads are given as the double a narrow NaN decodes to: payload in the top bits.
        yield return new object[] { DType.F64, new[] { 0.0, -0.0, 1.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            Nan(0x7FF0000000000001), Nan(unchecked((long)0xFFF8000000000123)), double.Epsilon, -double.MaxValue, 2.2250738585072009E-308 } };
        yield return new object[] { DType.F32, new[] { 0.0, -0.0, 1.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            FloatBits.Decode(0x7F800001, FloatLayout.F32), FloatBits.Decode(0xFFC12345, FloatLayout.F32),
            Math.ScaleB(1, -149), -Math.ScaleB(3, -149), (double)float.MaxValue } };
        yield return new object[] { DType.F16, new[] { 0.0, -0.0, 1.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            FloatBits.Decode(0x7C01, FloatLayout.F16), FloatBits.Decode(0xFE55, FloatLayout.F16),
            Math.ScaleB(1, -24), -Math.ScaleB(1023, -24), 65504 } };
        yield return new object[] { DType.BF16, new[] { 0.0, -0.0, 1.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            FloatBits.Decode(0x7F81, FloatLayout.BF16), FloatBits.Decode(0xFFC3, FloatLayout.BF16),
            Math.ScaleB(1, -133), -Math.ScaleB(127, -133), FloatBits.Decode(0x7F7F, FloatLayout.BF16) } };
        yield return new object[] { DType.I8, new[] { 0.0, -128, 127, -1, 1, 5, -7, 100, -100, 64, 3 } };
        yield return new object[] { DType.I32, new[] { 0.0, int.MinValue, int.MaxValue, -1, 1, 5, -7, 100000, -100000, 1 << 30, 3 } };
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void EveryDTypeRoundTripsBitExactly(DType t, double[] values)
    {
        var input = new[] { T("x", t, new long[] { values.Length }, values) };
        var diags = new DiagnosticBag();
        var back = SafeTensors.Read(SafeTensors.Serialize(input), "mem", diags);
        Assert.Empty(diags.Items);
        Assert.NotNull(back);
        var r = Assert.Single(back);
        Assert.Equal("x", r.Name);
        Assert.Equal(t, r.Tensor.DType);
        Assert.Equal(new long[] { values.Length }, r.Tensor.Shape.ToArray());
        Assert.Equal(Bits(input[0].Tensor), Bits(r.Tensor));
    }

    [Fact]
    public void GoldenBytesPinTheWriterLayout()
    {
        // "b" is written after "a" although given first; offsets follow name order; the 105-byte header is padded
        // with seven spaces to 112.
        var tensors = new[]
        {
            T("b", DType.I8, new long[] { 2 }, -1, 2),
            T("a", DType.F16, new long[] { }, 1.0),
        };
        const string header = "{\"a\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[0,2]},"
                            + "\"b\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[2,4]}}";
        Assert.Equal(105, header.Length);
        var expected = new List<byte> { 112, 0, 0, 0, 0, 0, 0, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(header + "       "));
        expected.AddRange(new byte[] { 0x00, 0x3C, 0xFF, 0x02 }); // f16 1.0 = 0x3C00 little-endian; i8 -1, 2
        Assert.Equal(expected.ToArray(), SafeTensors.Serialize(tensors));
    }

    [Fact]
    public void MetadataIsWrittenFirstSortedAndReadBack()
    {
        var meta = new Dictionary<string, string> { ["z"] = "last", ["format"] = "pt" };
        var bytes = SafeTensors.Serialize(new[] { T("w", DType.F32, new long[] { 1 }, 2.0) }, meta);
        var text = Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\",\"z\":\"last\"},\"w\":", text);
        var diags = new DiagnosticBag();
        var back = SafeTensors.Read(bytes, "mem", diags, out var readMeta);
        Assert.NotNull(back);
        Assert.Equal("last", readMeta!["z"]);
        Assert.Equal(2, readMeta.Count);
        Assert.DoesNotContain("__metadata__", Encoding.UTF8.GetString(SafeTensors.Serialize(back)));
    }

    [Fact]
    public void ReaderAcceptsForeignOrderAndSortsByName()
    {
        var bytes = Build("{\"z\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                              + "\"a\":{\"data_offsets\":[1,2],\"shape\":[],\"dtype\":\"I8\"}}  \n", 7, 9);
        var diags = new DiagnosticBag();
        var back = SafeTensors.Read(bytes, "mem", diags);
        Assert.Empty(diags.Items);
        Assert.Equal(new[] { "a", "z" }, back!.Select(t => t.Name));
        Assert.Equal(9, back![0].Tensor.Data[0]);
        Assert.Equal(7, back![1].Tensor.Data[0]);
    }

    [Fact]
    public void EmptyFileAndZeroSizedTensorsRoundTrip()
    {
        var diags = new DiagnosticBag();
        Assert.Empty(SafeTensors.Read(SafeTensors.Serialize(Array.Empty<NamedTensor>()), "mem", diags)!);
        var zero = new[] { T("e", DType.F32, new long[] { 0, 5 }), T("f", DType.I32, new long[] { 1 }, 4) };
        var back = SafeTensors.Read(SafeTensors.Serialize(zero), "mem", diags)!;
        Assert.Empty(diags.Items);
        Assert.Equal(new long[] { 0, 5 }, back[0].Tensor.Shape.ToArray());
    }

    [Fact]
    public void WriterRejectsDuplicateAndReservedNames()
    {
        Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(new[] { T("a", DType.I8, new long[] { }, 1), T("a", DType.I8, new long[] { }, 2) }));
        Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(new[] { T("__metadata__", DType.I8, new long[] { }, 1) }));
        Assert.Throws<InvalidOperationException>(() => SafeTensors.Serialize(new[] { T("a", DType.F16, new long[] { }, 0.1) }));
    }

    [Fact]
    public void RandomTensorsRoundTrip()
    {
        var dtypes = new[] { DType.F64, DType.F32, DType.F16, DType.BF16, DType.I8, DType.I32 };
        var gen =
            from count in Gen.Choose(0, 4)
            from specs in Gen.ArrayOf(
                from d in Gen.Elements(dtypes)
                from shape in Gen.ArrayOf(Gen.Choose(0, 4)).Where(s => s.Length <= 3)
                from seed in ArbMap.Default.GeneratorFor<ulong>()
                select (d, shape, seed), count)
            select specs;
        Prop.ForAll(gen.ToArbitrary(), specs =>
        {
            var tensors = specs.Select((s, i) => new NamedTensor($"t{i}",
                RandomTensors.Uniform(s.d, s.shape.Select(x => (long)x).ToImmutableArray(), s.seed, $"t{i}"))).ToArray();
            var diags = new DiagnosticBag();
            var back = SafeTensors.Read(SafeTensors.Serialize(tensors), "mem", diags);
            return back is not null && back.Count == tensors.Length && tensors.OrderBy(t => t.Name, StringComparer.Ordinal).Zip(back).All(p =>
                p.First.Name == p.Second.Name && p.First.Tensor.DType == p.Second.Tensor.DType
                && p.First.Tensor.Shape.SequenceEqual(p.Second.Tensor.Shape) && Bits(p.First.Tensor).SequenceEqual(Bits(p.Second.Tensor)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WriteAndReadAFile()
    {
        var dir = TempDir();
        try
        {
            var path = Path.Combine(dir, "w.safetensors");
            SafeTensors.Write(path, new[] { T("w", DType.BF16, new long[] { 2 }, 1.0, -0.5) });
            var diags = new DiagnosticBag();
            var back = SafeTensors.Read(path, diags);
            Assert.Equal(new[] { 1.0, -0.5 }, back![0].Tensor.Data);
            Assert.Single(Directory.GetFiles(dir)); // no temp file left beside it
        }
        finally { Directory.Delete(dir, true); }
    }
}
