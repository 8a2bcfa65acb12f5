using System.Numerics;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>Runs one thread block (docs/ptx.md "Interpreter"). Threads are numbered x-fastest
/// (t = x + y·BlockX + z·BlockX·BlockY) and grouped into warps of 32 consecutive threads. Each warp executes in
/// lockstep with a SIMT stack of (pc, active mask, reconvergence pc): a branch some active lanes take and others do not
/// turns the top entry into the reconvergence entry (pc = the branch's immediate post-dominator) and pushes the
/// fall-through and the taken side; an entry is popped when its pc reaches its reconvergence pc or its lanes are
/// gone. Warps run one at a time until they wait at bar.sync or finish; a barrier releases when every warp waits at it.</summary>
internal sealed partial class BlockExecutor<T>
{
    private readonly KernelImage<T> _image;
    private readonly LaunchConfig _config;
    private readonly (int X, int Y, int Z) _block;
    private readonly PtxValue<T>[] _args;
    private readonly PtxSemantics<T> _sem;
    private readonly IPtxGlobalMemory<T> _global;
    private readonly SharedMemory<T> _shared;
    private readonly StepBudget _budget;
    private readonly PtxValue<T>[] _regs;
    private readonly int _threads, _regCount;
    private readonly Warp[] _warps;

    /// <summary>A warp's state: its SIMT stack, which lanes exist (a partial last warp) and which have exited.</summary>
    private sealed class Warp(int index, uint lanes)
    {
        public readonly int Index = index;
        public readonly uint Lanes = lanes;
        public uint Exited;
        public readonly List<(int Pc, uint Mask, int Rpc)> Stack = [(0, lanes, int.MaxValue)];
        public bool Waiting;
        public int BarrierId, BarrierLine;
        public bool Done => Stack.Count == 0;
        public uint Live => Lanes & ~Exited;
    }

    public BlockExecutor(KernelImage<T> image, LaunchConfig config, (int X, int Y, int Z) block, PtxValue<T>[] args,
        PtxSemantics<T> semantics, IPtxGlobalMemory<T> global, StepBudget budget, bool detectRaces)
    {
        _image = image;
        _config = config;
        _block = block;
        _args = args;
        _sem = semantics;
        _global = global;
        _budget = budget;
        _threads = config.ThreadsPerBlock;
        _regCount = image.RegisterCount;
        _regs = new PtxValue<T>[(long)_threads * _regCount];
        _shared = new SharedMemory<T>(image.SharedBytes(config.DynamicSharedBytes), semantics, detectRaces);
        int warps = (_threads + 31) / 32;
        _warps = new Warp[warps];
        for (int w = 0; w < warps; w++)
        {
            int n = Math.Min(32, _threads - 32 * w);
            _warps[w] = new Warp(w, n == 32 ? uint.MaxValue : (1u << n) - 1);
        }
    }

    /// <summary>Runs the block to completion; the first fault, or null.</summary>
    public PtxFault? Run()
    {
        while (true)
        {
            foreach (var w in _warps)
            {
                if (w.Done || w.Waiting) continue;
                if (RunWarp(w) is { } fault) return fault;
            }
            if (_warps.All(w => w.Done)) return null;
            // every warp that is not done waits at a barrier: all threads of the block must be there
            var waiting = _warps.Where(w => !w.Done).ToList();
            var first = waiting[0];
            foreach (var w in _warps)
            {
                if (w.Exited != 0)
                {
                    int t = 32 * w.Index + BitOperations.TrailingZeroCount(w.Exited);
                    return Fault(PtxFaultKind.BarrierDivergence, first.BarrierLine, t,
                        $"thread {t} exited before reaching bar.sync {first.BarrierId} (line {first.BarrierLine}) that other threads of the block wait at");
                }
                if (w.BarrierId != first.BarrierId)
                    return Fault(PtxFaultKind.BarrierDivergence, w.BarrierLine, 32 * w.Index,
                        $"warp {w.Index} waits at bar.sync {w.BarrierId} while warp {first.Index} waits at bar.sync {first.BarrierId}");
            }
            foreach (var w in waiting) w.Waiting = false;
            _shared.Barrier();
        }
    }

    private PtxFault Fault(PtxFaultKind kind, int line, int thread, string message)
    {
        int x = thread % _config.BlockX, y = thread / _config.BlockX % _config.BlockY, z = thread / (_config.BlockX * _config.BlockY);
        return new PtxFault(kind, message, line, _block, (x, y, z));
    }

    /// <summary>Exits lanes: they leave every stack entry; emptied entries on top are popped.</summary>
    private static void ExitLanes(Warp w, uint lanes)
    {
        w.Exited |= lanes;
        for (int i = 0; i < w.Stack.Count; i++)
        {
            var e = w.Stack[i];
            w.Stack[i] = (e.Pc, e.Mask & ~lanes, e.Rpc);
        }
        while (w.Stack.Count > 0 && w.Stack[^1].Mask == 0) w.Stack.RemoveAt(w.Stack.Count - 1);
    }

    /// <summary>Runs a warp until it waits at a barrier, finishes, or faults.</summary>
    private PtxFault? RunWarp(Warp w)
    {
        var code = _image.Code;
        while (w.Stack.Count > 0)
        {
            int top = w.Stack.Count - 1;
            var (pc, mask, rpc) = w.Stack[top];
            if (mask == 0 || pc == rpc) { w.Stack.RemoveAt(top); continue; }
            if (pc >= code.Length) { ExitLanes(w, mask); continue; } // falling off the end exits
            var ins = code[pc];
            int line = ins.Source.Line;
            if (!_budget.Take())
                return Fault(PtxFaultKind.StepLimit, line, 32 * w.Index + BitOperations.TrailingZeroCount(mask),
                    $"the run exceeded {_budget.Limit} warp instructions (an endless loop, or raise PtxRunOptions.MaxWarpInstructions)");
            uint exec = mask;
            try
            {
                if (ins.Guard >= 0) exec = GuardMask(ins, w, mask);
                switch (ins.Form.Op)
                {
                    case PtxOp.Bra:
                    {
                        int target = ins.Target;
                        if (exec == mask) w.Stack[top] = (target, mask, rpc);
                        else if (exec == 0) w.Stack[top] = (pc + 1, mask, rpc);
                        else
                        {
                            int r = _image.Reconverge[pc];
                            w.Stack[top] = (r, mask, rpc);
                            w.Stack.Add((pc + 1, mask & ~exec, r));
                            w.Stack.Add((target, exec, r));
                        }
                        continue;
                    }
                    case PtxOp.Ret or PtxOp.Exit:
                        w.Stack[top] = (pc + 1, mask, rpc);
                        if (exec != 0) ExitLanes(w, exec);
                        continue;
                    case PtxOp.Trap:
                        if (exec != 0)
                            return Fault(PtxFaultKind.Trap, line, 32 * w.Index + BitOperations.TrailingZeroCount(exec), "trap executed");
                        break;
                    case PtxOp.Bar:
                    {
                        if (exec != w.Live || mask != w.Live)
                        {
                            uint missing = w.Live & ~exec;
                            int t = 32 * w.Index + BitOperations.TrailingZeroCount(missing);
                            return Fault(PtxFaultKind.BarrierDivergence, line, t,
                                $"bar.sync reached by part of warp {w.Index} only: thread {t} is on another path (or its guard is false)");
                        }
                        if (w.Exited != 0)
                        {
                            int t = 32 * w.Index + BitOperations.TrailingZeroCount(w.Exited);
                            return Fault(PtxFaultKind.BarrierDivergence, line, t, $"thread {t} exited before reaching bar.sync (line {line})");
                        }
                        var ids = LaneValues(ins.Operands[0], exec, w, 32);
                        w.BarrierId = (int)ids;
                        w.BarrierLine = line;
                        w.Waiting = true;
                        w.Stack[top] = (pc + 1, mask, rpc);
                        return null;
                    }
                    case PtxOp.Shfl:
                        if (Shuffle(ins, w, exec) is { } sf) return sf;
                        break;
                    case PtxOp.Mma:
                        if (exec != uint.MaxValue)
                        {
                            int t = 32 * w.Index + BitOperations.TrailingZeroCount(~exec);
                            return Fault(PtxFaultKind.InvalidWarpSync, line, t, $"mma.sync.aligned needs all 32 lanes of warp {w.Index}; lane {t % 32} does not execute it");
                        }
                        MatrixMultiply(ins, w);
                        break;
                    default:
                        if (exec != 0 && ExecuteLanes(ins, w.Index, exec) is { } f) return f;
                        break;
                }
            }
            catch (PtxSemanticsException e)
            {
                return Fault(e.Kind, line, 32 * w.Index + BitOperations.TrailingZeroCount(exec == 0 ? mask : exec), e.Message);
            }
            w.Stack[top] = (pc + 1, mask, rpc);
        }
        return null;
    }

    /// <summary>The lanes of mask whose guard predicate holds (a symbolic guard is Unsupported).</summary>
    private uint GuardMask(Instr<T> ins, Warp w, uint mask)
    {
        uint exec = 0;
        for (uint m = mask; m != 0; m &= m - 1)
        {
            int lane = BitOperations.TrailingZeroCount(m);
            var v = _regs[(long)(32 * w.Index + lane) * _regCount + ins.Guard];
            bool b = _sem.AsBool(v) ?? throw new PtxSemanticsException(PtxFaultKind.Unsupported, "a guard predicate depends on a symbolic float comparison");
            if (b != ins.GuardNegated) exec |= 1u << lane;
        }
        return exec;
    }

    /// <summary>The value of a warp-uniform integer operand (barrier ids): all executing lanes must agree.</summary>
    private ulong LaneValues(Operand<T> o, uint exec, Warp w, int bits)
    {
        ulong? v = null;
        for (uint m = exec; m != 0; m &= m - 1)
        {
            int t = 32 * w.Index + BitOperations.TrailingZeroCount(m);
            ulong x = _sem.AsBits(Read(o, t), bits);
            if (v is { } prev && prev != x)
                throw new PtxSemanticsException(PtxFaultKind.BarrierDivergence, $"lanes of warp {w.Index} name different barriers ({prev} and {x})");
            v = x;
        }
        return v ?? 0;
    }
}
