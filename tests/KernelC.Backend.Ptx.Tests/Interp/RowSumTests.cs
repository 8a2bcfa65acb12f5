using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

public class RowSumTests
{
    /// <summary>The kernel's own summation order, in f32: thread j sums in[j], in[j+64], ...; the warps reduce
    /// with the butterfly (lane ^ 16, ^ 8, ...); then partial[0] + partial[1].</summary>
    private static float Reference(float[] row)
    {
        var acc = new float[64];
        for (int j = 0; j < row.Length; j++) acc[j % 64] += row[j];
        var warp = new float[2];
        for (int w = 0; w < 2; w++)
        {
            var v = acc.Skip(32 * w).Take(32).ToArray();
            for (int s = 16; s >= 1; s >>= 1) v = v.Select((x, l) => x + v[l ^ s]).ToArray();
            warp[w] = v[0];
        }
        return warp[0] + warp[1];
    }

    [Theory]
    [InlineData(3, 100)]
    [InlineData(2, 17)]   // fewer columns than threads: most threads add nothing
    public void Sums_each_row_bit_exactly_in_the_kernels_order(int rows, int cols)
    {
        var module = PtxFiles.Module("row_sum.ptx");
        var input = Buffers.Random(rows * cols, 7);
        var mem = new GlobalMemory();
        ulong pin = Buffers.Floats(mem, input), pout = Buffers.Floats(mem, new float[rows]);
        var r = PtxInterpreter.Run(module, "row_sum", new LaunchConfig(rows, 1, 1, 64, 1, 1, 0),
            [new PtxArg.U64(pin), new PtxArg.U64(pout), new PtxArg.U32((uint)cols)], mem);
        Buffers.AssertOk(r);
        var output = Buffers.ReadFloats(mem, pout, rows);
        for (int i = 0; i < rows; i++)
        {
            var row = input.Skip(i * cols).Take(cols).ToArray();
            Assert.Equal(Reference(row), output[i]);
            Assert.Equal(row.Sum(x => (double)x), output[i], 1e-4);
        }
    }
}
