using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Ptx;

/// <summary>Runs the whole PTX program at concrete dims over <see cref="LoweringPtxDomain"/>: every input element is
/// the real constant in_&lt;p&gt;_&lt;offset&gt; (row-major, the same constants as the IR side), output and scratch
/// buffers start unwritten, every launch runs every block of its grid in order (z, y, x) with the PTX semantics
/// table's block executor (all threads of a block, warps in lockstep, shared memory, barriers, shuffles), integers
/// and addresses concrete. The first fault stops the run: it holds for EVERY input value, since no control flow
/// or address depends on float data (a dependence would itself be an Unsupported fault).</summary>
public sealed class LoweringExecution
{
    public SymbolicGlobalMemory Memory { get; } = new();
    public PtxFault? Fault { get; private set; }
    /// <summary>The launch (entry name) the fault happened in.</summary>
    public string? FaultEntry { get; private set; }
    /// <summary>Two different threads of one launch stored the same output or scratch element.</summary>
    public string? WriteRace { get; private set; }

    /// <summary>The most threads (summed over all launches) one lowering proof executes: far above what any emitted
    /// program launches at the bounded sizes (tensors of at most 16384 elements), far below what would make a forged
    /// program file (a grid of 2^31 blocks) hang the checker.</summary>
    public const long MaxThreads = 1 << 20;

    /// <summary>The most elements of one buffer (a forged scratch buffer of constant shape [2^40] must not exhaust memory).</summary>
    public const long MaxBufferElements = 1 << 22;

    /// <summary>Why this program is too large to execute at these dims, or null: more than <see cref="MaxThreads"/>
    /// threads over all launches, or a buffer of more than <see cref="MaxBufferElements"/> elements.</summary>
    public static string? TooLarge(LoweringProgram program, IReadOnlyDictionary<string, long> dims)
    {
        foreach (var b in program.Buffers)
        {
            long n = 1;
            foreach (var d in b.Shape)
                n = Math.Min(MaxBufferElements + 1, n * Math.Min(MaxBufferElements + 1, d.Evaluate(dims)));
            if (n > MaxBufferElements) return $"buffer {b.Name} has more than {MaxBufferElements} elements";
        }
        long threads = 0; // capped products: (cap + 1)^2 < 2^63
        foreach (var l in program.Launches)
        {
            long t = 1;
            foreach (var x in new[] { l.GridX.Evaluate(dims), l.GridY.Evaluate(dims), l.GridZ.Evaluate(dims), l.BlockX, l.BlockY, l.BlockZ })
                t = Math.Min(MaxThreads + 1, t * Math.Min(MaxThreads + 1, x));
            threads += t;
            if (threads > MaxThreads) return $"its launches run more than {MaxThreads} threads in all";
        }
        return null;
    }

    public static SmtConst InputConst(string param, long offset) => Terms.Const($"in_{param}_{offset}", Sort.Real);

    public static LoweringExecution Run(Kernel k, PtxModule module, LoweringProgram program,
        IReadOnlyDictionary<string, long> dims, LoweringPtxDomain domain, PtxRunOptions options)
    {
        var x = new LoweringExecution();
        var buffers = new Dictionary<string, SymbolicGlobalMemory.Buffer>(StringComparer.Ordinal);
        foreach (var b in program.Buffers)
        {
            long n = b.Shape.Aggregate(1L, (a, d) => checked(a * d.Evaluate(dims)));
            var buf = x.Memory.Allocate(b.Name, b.ElementType, n, b.Kind == LoweringBufferKind.Input);
            if (b.Kind == LoweringBufferKind.Input)
                for (long e = 0; e < n; e++)
                    buf.Slots[e] = PtxValue<SymVal>.OfFloat(domain.Real.Real(domain.Real.Forms.Var(InputConst(b.Name, e))), b.ElementType);
            buffers[b.Name] = buf;
        }
        for (int li = 0; li < program.Launches.Count; li++)
        {
            var l = program.Launches[li];
            var args = l.Params.Select(a => a.IsDim ? (PtxArg)new PtxArg.U32(checked((uint)dims[a.Name])) : new PtxArg.U64(buffers[a.Name].Start)).ToList();
            var config = new LaunchConfig(checked((int)l.GridX.Evaluate(dims)), checked((int)l.GridY.Evaluate(dims)), checked((int)l.GridZ.Evaluate(dims)),
                l.BlockX, l.BlockY, l.BlockZ, l.DynamicSharedBytes);
            var before = x.Memory.Buffers.Select(b => (int[])b.WriteCounts.Clone()).ToList();
            for (int bz = 0; bz < config.GridZ; bz++)
                for (int by = 0; by < config.GridY; by++)
                    for (int bx = 0; bx < config.GridX; bx++)
                    {
                        x.Memory.Current = new SymbolicGlobalMemory.Writer(li, (bx, by, bz), 0);
                        var fault = PtxSymbolicBlock.Run(module, l.Entry, config, args, (bx, by, bz), domain, x.Memory, options);
                        if (fault is not null) { x.Fault = fault; x.FaultEntry = l.Entry; return x; }
                    }
            x.WriteRace ??= x.FindRace(li, before);
        }
        return x;
    }

    // Within one launch, an element stored more than once by different threads has a nondeterministic final value on
    // a GPU. The writer of the last store is recorded per element; a second store by another thread is a race.
    private string? FindRace(int launch, List<int[]> before)
    {
        for (int b = 0; b < Memory.Buffers.Count; b++)
        {
            var buf = Memory.Buffers[b];
            for (long e = 0; e < buf.Count; e++)
                if (buf.WriteCounts[e] - before[b][e] > 1 && buf.MultiWriter[e])
                    return $"launch {launch}: {buf.Name}[{e}] is stored by more than one thread";
        }
        return null;
    }
}
