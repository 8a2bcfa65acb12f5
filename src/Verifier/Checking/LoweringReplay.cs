using System.Collections.Immutable;
using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;
using KernelC.Verifier.Ptx;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Checking;

/// <summary>Replays a refuted lowering obligation concretely: the PTX program on the CPU PTX interpreter (the same
/// semantics table over exact IEEE values; ex2.approx as the correctly rounded 2^x) and the IR on the reference
/// interpreter (exact IEEE), on the same inputs: the solver model's values for the input elements it names (others
/// 0), then seeded fills (multiples of 1/8 in [-2, 2]) with the model's values kept. Refuted only when an output
/// element differs by more than <see cref="Margin"/> of the largest magnitude of the IR's output (and at least
/// <see cref="Margin"/>): far beyond what f32 rounding, reordered sums and ex2.approx's 2 ulp can explain at these
/// sizes. Otherwise Unknown.</summary>
internal sealed class LoweringReplay(Kernel k, PtxModule module, LoweringProgram program, IReadOnlyDictionary<string, long> dims, string output)
    : IRefutationCheck
{
    public static readonly double Margin = Math.Pow(2, -10);
    private const int Fills = 3;

    public (Verdict, ConcreteCounterexample?, TimeSpan) Resolve(Verdict.Refuted refuted, CheckOptions options)
    {
        var given = Given(refuted.Model);
        for (int seed = 0; seed <= Fills; seed++)
        {
            var inputs = Inputs(seed, given);
            var irOut = Interpreter.Run(k, dims, inputs, Precision.Exact).Outputs;
            if (irOut is null) return Replays.NotReplayed("the reference interpreter refuses these inputs", TimeSpan.Zero);
            var (ptxOut, fault) = RunPtx(inputs);
            if (fault is not null) return Replays.NotReplayed("the PTX interpreter faults: " + fault, TimeSpan.Zero);
            var want = irOut[output].Data;
            var got = ptxOut![output];
            double scale = Math.Max(1, want.Select(Math.Abs).Where(double.IsFinite).DefaultIfEmpty(0).Max());
            for (long e = 0; e < want.Length; e++)
            {
                double a = want[e], b = got[e];
                bool bothNaN = double.IsNaN(a) && double.IsNaN(b);
                if (bothNaN || a == b || Math.Abs(a - b) <= Margin * scale) continue;
                var value = k.Outputs.First(o => o.Name == output);
                return (refuted, new ConcreteCounterexample(dims, output, LoweringRule.Unflatten(value, dims, e).ToEqArray(), a, b, Precision.Exact,
                    given.Select(g => new CounterexampleInput(g.Param, g.Index.ToEqArray(), inputs[g.Param].Data[g.Offset])).ToList())
                {
                    Fill = seed == 0 ? null : $"a seeded fill (seed {seed}: multiples of 1/8 in [-2, 2])",
                    Note = "before = the IR on the reference interpreter, after = the PTX on the CPU PTX interpreter; "
                        + $"the difference exceeds 2^-10 of the output's largest magnitude ({scale})",
                }, TimeSpan.Zero);
            }
        }
        return Replays.NotReplayed("the PTX and the IR agree on the replayed inputs", TimeSpan.Zero);
    }

    private List<(string Param, long Offset, long[] Index, double Value)> Given(Counterexample model)
    {
        var list = new List<(string, long, long[], double)>();
        foreach (var p in k.Params)
        {
            long n = p.Type.Shape.Aggregate(1L, (a, d) => a * d.Evaluate(dims));
            for (long e = 0; e < n; e++)
                if (model.GetDouble(LoweringExecution.InputConst(p.Name, e).Name) is double v && double.IsFinite(v))
                    list.Add((p.Name, e, LoweringRule.Unflatten(p, dims, e), FloatFormat.Round(Math.Clamp(v, -1e4, 1e4), p.DType, RoundingMode.NearestEven)));
        }
        return list;
    }

    private Dictionary<string, Tensor> Inputs(int seed, List<(string Param, long Offset, long[] Index, double Value)> given)
    {
        var rng = new Random(seed);
        var r = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in k.Params)
        {
            var t = Tensor.Zeros(p.DType, p.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray());
            if (seed > 0) for (int e = 0; e < t.Data.Length; e++) t.Data[e] = rng.Next(-16, 17) / 8.0;
            foreach (var g in given.Where(g => g.Param == p.Name)) t.Data[g.Offset] = g.Value;
            r[p.Name] = t;
        }
        return r;
    }

    private (Dictionary<string, double[]>?, PtxFault?) RunPtx(Dictionary<string, Tensor> inputs)
    {
        var mem = new GlobalMemory();
        var addr = new Dictionary<string, (ulong Start, long Count, DType Type)>(StringComparer.Ordinal);
        foreach (var b in program.Buffers)
        {
            long n = b.Shape.Aggregate(1L, (a, d) => a * d.Evaluate(dims));
            int size = b.ElementType.ByteSize();
            var start = mem.Allocate(n * size);
            addr[b.Name] = (start, n, b.ElementType);
            if (b.Kind != LoweringBufferKind.Input) continue;
            var bytes = new byte[n * size];
            for (long e = 0; e < n; e++)
            {
                ulong bits = FloatFormat.ToBits(inputs[b.Name].Data[e], b.ElementType);
                for (int i = 0; i < size; i++) bytes[e * size + i] = (byte)(bits >> (8 * i));
            }
            mem.Write(start, bytes);
        }
        foreach (var l in program.Launches)
        {
            var args = l.Params.Select(a => a.IsDim ? (PtxArg)new PtxArg.U32((uint)dims[a.Name]) : new PtxArg.U64(addr[a.Name].Start)).ToList();
            var config = new LaunchConfig((int)l.GridX.Evaluate(dims), (int)l.GridY.Evaluate(dims), (int)l.GridZ.Evaluate(dims),
                l.BlockX, l.BlockY, l.BlockZ, l.DynamicSharedBytes);
            var r = PtxInterpreter.Run(module, l.Entry, config, args, mem);
            if (r.Fault is { } f) return (null, f);
        }
        var outs = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var o in k.Outputs)
        {
            var (start, n, type) = addr[o.Name];
            int size = type.ByteSize();
            var bytes = new byte[n * size];
            mem.Read(start, bytes);
            var data = new double[n];
            for (long e = 0; e < n; e++)
            {
                ulong bits = 0;
                for (int i = 0; i < size; i++) bits |= (ulong)bytes[e * size + i] << (8 * i);
                data[e] = FloatFormat.FromBits(bits, type);
            }
            outs[o.Name] = data;
        }
        return (outs, null);
    }
}
