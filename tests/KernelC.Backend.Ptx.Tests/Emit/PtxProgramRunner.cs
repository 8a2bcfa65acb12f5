using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Program;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>Runs a PtxProgram on the CPU PTX interpreter: reads the text strictly, allocates every buffer, writes the
/// inputs (encoded in their dtype), runs the launches in order with their params, reads the outputs back.</summary>
public static class PtxProgramRunner
{
    public static Dictionary<string, double[]> Run(PtxProgram p, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyDictionary<string, long> dims)
    {
        var diags = new DiagnosticBag();
        var module = PtxReader.Read(p.PtxText, p.KernelName + ".ptx", diags);
        Assert.True(module is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        Assert.True(PtxSizeCheck.Check(p, dims, "run", diags), string.Join("\n", diags.Items.Select(d => d.Format())));
        var memory = new GlobalMemory();
        var address = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var b in p.Buffers)
        {
            address[b.Name] = memory.Allocate(b.ByteSize(dims));
            if (b.Kind == PtxBufferKind.Input) memory.Write(address[b.Name], Encode(inputs[b.Name].Data, b.ElementType));
        }
        foreach (var l in p.Launches)
        {
            var args = l.Params.Select(a => a.Kind == PtxParamKind.Buffer
                ? (PtxArg)new PtxArg.U64(address[a.Name]) : new PtxArg.U32(checked((uint)dims[a.Name]))).ToList();
            var r = PtxInterpreter.Run(module!, l.Entry, l.Resolve(dims), args, memory);
            Assert.True(r.Fault is null, $"{l.Entry}: {r.Fault}");
        }
        var outputs = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var b in p.Buffers.Where(b => b.Kind == PtxBufferKind.Output))
        {
            var bytes = new byte[b.ByteSize(dims)];
            memory.Read(address[b.Name], bytes);
            outputs[b.Name] = Decode(bytes, b.ElementType);
        }
        return outputs;
    }

    public static byte[] Encode(double[] data, DType t)
    {
        var bytes = new byte[data.Length * t.ByteSize()];
        for (int i = 0; i < data.Length; i++)
        {
            var span = bytes.AsSpan(i * t.ByteSize());
            switch (t)
            {
                case DType.F32: BitConverter.TryWriteBytes(span, (float)data[i]); break;
                case DType.F16: BitConverter.TryWriteBytes(span, BitConverter.HalfToUInt16Bits((Half)data[i])); break;
                case DType.BF16: BitConverter.TryWriteBytes(span, (ushort)(BitConverter.SingleToUInt32Bits((float)data[i]) >> 16)); break;
                case DType.I32: BitConverter.TryWriteBytes(span, (int)data[i]); break;
                case DType.I8: span[0] = unchecked((byte)(sbyte)data[i]); break;
                default: throw new ArgumentOutOfRangeException(nameof(t));
            }
        }
        return bytes;
    }

    public static double[] Decode(byte[] bytes, DType t)
    {
        var data = new double[bytes.Length / t.ByteSize()];
        for (int i = 0; i < data.Length; i++)
        {
            var span = bytes.AsSpan(i * t.ByteSize());
            data[i] = t switch
            {
                DType.F32 => BitConverter.ToSingle(span),
                DType.F16 => (double)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(span)),
                DType.BF16 => BitConverter.UInt32BitsToSingle((uint)BitConverter.ToUInt16(span) << 16),
                DType.I32 => BitConverter.ToInt32(span),
                DType.I8 => (sbyte)span[0],
                _ => throw new ArgumentOutOfRangeException(nameof(t)),
            };
        }
        return data;
    }
}
