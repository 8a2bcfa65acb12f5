using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

public class MmaTests
{
    [Fact]
    public void Mma_m16n8k16_equals_a_plain_f32_matmul_of_the_same_f16_inputs()
    {
        var rnd = new Random(5);
        var a = Enumerable.Range(0, 16 * 16).Select(_ => (Half)(rnd.NextDouble() * 4 - 2)).ToArray();
        var b = Enumerable.Range(0, 16 * 8).Select(_ => (Half)(rnd.NextDouble() * 4 - 2)).ToArray(); // B[k][n] at k*8+n
        var bt = new Half[8 * 16];
        for (int k = 0; k < 16; k++) for (int n = 0; n < 8; n++) bt[n * 16 + k] = b[k * 8 + n];
        var mem = new GlobalMemory();
        ulong pa = Buffers.Halves(mem, a), pb = Buffers.Halves(mem, bt), pd = Buffers.Floats(mem, new float[16 * 8]);
        var r = PtxInterpreter.Run(PtxFiles.Module("mma_m16n8k16.ptx"), "mma_16x8x16", new LaunchConfig(1, 1, 1, 32, 1, 1, 0),
            [new PtxArg.U64(pa), new PtxArg.U64(pb), new PtxArg.U64(pd)], mem);
        Buffers.AssertOk(r);
        var d = Buffers.ReadFloats(mem, pd, 16 * 8);
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 8; j++)
            {
                // plain f32 matmul (products of f16 values are exact in f32), and the exact sum in binary64
                float plain = 0;
                double exact = 0;
                for (int k = 0; k < 16; k++)
                {
                    float x = (float)a[i * 16 + k], y = (float)b[k * 8 + j];
                    plain += x * y;
                    exact += (double)x * y;
                }
                // the modelled accumulation order differs from the plain loop only in rounding: 16 terms of size <= 4
                Assert.Equal(plain, d[i * 8 + j], 16 * 4 * 4 * Math.ScaleB(1.0, -23));
                Assert.Equal(exact, d[i * 8 + j], 16 * 4 * 4 * Math.ScaleB(1.0, -23));
            }
        // a wrong fragment layout would permute entries: distinct rows of A give distinct rows of D
        Assert.NotEqual(d[0], d[8 * 8]);
    }

    [Fact]
    public void Mma_by_half_a_warp_is_an_invalid_warp_sync()
    {
        var mem = new GlobalMemory();
        ulong pa = Buffers.Halves(mem, new Half[256]), pb = Buffers.Halves(mem, new Half[128]), pd = Buffers.Floats(mem, new float[128]);
        var r = PtxInterpreter.Run(PtxFiles.Module("mma_m16n8k16.ptx"), "mma_16x8x16", new LaunchConfig(1, 1, 1, 16, 1, 1, 0),
            [new PtxArg.U64(pa), new PtxArg.U64(pb), new PtxArg.U64(pd)], mem);
        Assert.Equal(PtxFaultKind.InvalidWarpSync, r.Fault?.Kind);
    }
}
