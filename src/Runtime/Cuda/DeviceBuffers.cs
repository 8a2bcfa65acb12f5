namespace KernelC.Runtime.Cuda;

/// <summary>Random host data for benchmark buffers: uniform in [-1, 1), as f32, f16 or bf16 bit patterns
/// (bf16 = the upper half of the f32, truncated: any value will do for timing).</summary>
public static class DeviceBuffers
{
    public enum Element { F32, F16, BF16 }

    public static int Size(Element e) => e == Element.F32 ? 4 : 2;

    public static byte[] Random(Element e, long count, int seed)
    {
        var rnd = new Random(seed);
        var bytes = new byte[count * Size(e)];
        for (long i = 0; i < count; i++)
        {
            float v = (float)(rnd.NextDouble() * 2 - 1);
            switch (e)
            {
                case Element.F32: BitConverter.TryWriteBytes(bytes.AsSpan((int)(i * 4)), v); break;
                case Element.F16: BitConverter.TryWriteBytes(bytes.AsSpan((int)(i * 2)), (Half)v); break;
                default: BitConverter.TryWriteBytes(bytes.AsSpan((int)(i * 2)), (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)); break;
            }
        }
        return bytes;
    }

    public static int CudaType(Element e) => e switch
    {
        Element.F32 => CublasEnums.R32F,
        Element.F16 => CublasEnums.R16F,
        _ => CublasEnums.R16BF,
    };
}
