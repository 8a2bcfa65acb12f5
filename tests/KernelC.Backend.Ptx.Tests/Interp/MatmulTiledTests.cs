using KernelC.Backend.Ptx.Interp;

namespace KernelC.Backend.Ptx.Tests.Interp;

public class MatmulTiledTests
{
    internal static (GlobalMemory Mem, ulong C, PtxArg[] Args, float[] A, float[] B) Setup(int m, int n, int k)
    {
        var a = Buffers.Random(m * k, 11);
        var b = Buffers.Random(k * n, 12);
        var mem = new GlobalMemory();
        ulong pa = Buffers.Floats(mem, a), pb = Buffers.Floats(mem, b), pc = Buffers.Floats(mem, new float[m * n]);
        return (mem, pc, [new PtxArg.U64(pa), new PtxArg.U64(pb), new PtxArg.U64(pc), new PtxArg.U32((uint)m), new PtxArg.U32((uint)n), new PtxArg.U32((uint)k)], a, b);
    }

    [Fact]
    public void Tiled_matmul_equals_the_fma_chain_in_k_order_bit_for_bit()
    {
        const int m = 32, n = 48, k = 32;
        var module = PtxFiles.Module("matmul_tiled.ptx");
        var (mem, pc, args, a, b) = Setup(m, n, k);
        var r = PtxInterpreter.Run(module, "matmul_tiled", new LaunchConfig(n / 16, m / 16, 1, 16, 16, 1, 0), args, mem);
        Buffers.AssertOk(r);
        var c = Buffers.ReadFloats(mem, pc, m * n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0;
                for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(a[i * k + p], b[p * n + j], acc);
                Assert.Equal(acc, c[i * n + j]);
            }
    }
}
