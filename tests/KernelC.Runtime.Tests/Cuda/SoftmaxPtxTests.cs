using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Tests.Cuda;

/// <summary>The baseline's hand-written softmax PTX, read strictly and run on the CPU PTX interpreter (no GPU here),
/// against a plain binary64 softmax: rows of 37 columns (one partial stride), plain and causal, f32 and f16.</summary>
public class SoftmaxPtxTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Rows_sum_to_one_and_match_a_plain_softmax(bool f16, bool causal)
    {
        const int n = 37, heads = 2, rows = heads * n, threads = 32;
        var diags = new DiagnosticBag();
        var module = PtxReader.Read(SoftmaxPtx.Text(f16, threads), "softmax.ptx", diags);
        Assert.True(module is not null, string.Join("\n", diags.Items.Select(d => d.Format())));
        var rnd = new Random(3);
        var s = Enumerable.Range(0, rows * n).Select(_ => (double)(float)(rnd.NextDouble() * 8 - 4)).ToArray();
        if (f16) s = s.Select(v => (double)(Half)v).ToArray();
        var mem = new GlobalMemory();
        int es = f16 ? 2 : 4;
        var addr = mem.Allocate(rows * n * es);
        mem.Write(addr, s.SelectMany(v => f16 ? BitConverter.GetBytes((Half)v) : BitConverter.GetBytes((float)v)).ToArray());
        var result = PtxInterpreter.Run(module!, SoftmaxPtx.Entry, new LaunchConfig(rows, 1, 1, threads, 1, 1, 0),
            [new PtxArg.U64(addr), new PtxArg.U64(addr), new PtxArg.U32(n), new PtxArg.U32(causal ? 1u : 0u)], mem);
        Assert.True(result.Ok, result.Fault?.ToString());
        var bytes = new byte[rows * n * es];
        mem.Read(addr, bytes);
        for (int r = 0; r < rows; r++)
        {
            int limit = causal ? Math.Min(n, r % n + 1) : n;
            double m = Enumerable.Range(0, limit).Max(j => s[r * n + j]);
            double l = Enumerable.Range(0, limit).Sum(j => Math.Exp(s[r * n + j] - m));
            for (int j = 0; j < n; j++)
            {
                double got = f16 ? (double)BitConverter.ToHalf(bytes, (r * n + j) * 2) : BitConverter.ToSingle(bytes, (r * n + j) * 4);
                double want = j < limit ? Math.Exp(s[r * n + j] - m) / l : 0;
                Assert.True(Math.Abs(got - want) <= (f16 ? 1e-3 : 1e-6) + (f16 ? 1e-3 : 1e-5) * want, $"row {r} col {j}: {got} vs {want}");
            }
        }
    }
}
