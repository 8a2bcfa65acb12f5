using System.Globalization;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>Where code runs. Block: every thread of the block runs it with the same values (tile-level code of a
/// parallel: local tensors are built cooperatively in shared memory, then bar.sync). Thread: code for one element
/// (a top-level compute's thread, or one element of a cooperative local compute).</summary>
internal enum EmitScope { Block, Thread }

/// <summary>Emits IR region bodies into one .entry. Invariants of the emitted code: branches test only integer
/// registers (loop counters, indices, dims, thread ids); in Block scope every thread reaches every bar.sync (loop
/// bounds are uniform); a shared array is written only between two bar.syncs that separate it from every read.</summary>
internal sealed partial class RegionEmitter
{
    private readonly PtxEntryBuilder _b;
    private readonly Kernel _kernel;
    private readonly Dictionary<string, Binding> _env = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _dimRegs;
    private readonly string? _tid;
    private readonly int _threads;

    /// <param name="tid">In parallel entries: the register holding %tid.x; threads: the block size.</param>
    public RegionEmitter(PtxEntryBuilder builder, Kernel kernel, IReadOnlyDictionary<string, string> dimRegs, string? tid, int threads)
    {
        _b = builder; _kernel = kernel; _dimRegs = dimRegs; _tid = tid; _threads = threads;
    }

    public void Bind(Value v, Binding b) => _env[v.Name] = b;

    public Binding Lookup(Value v) => _env.TryGetValue(v.Name, out var b) ? b
        : throw new InvalidOperationException($"emitter: %{v.Name} used before its definition (IR verifier should have caught it)");

    public string ScalarReg(Value v) => Lookup(v) is Binding.Scalar s ? s.Reg
        : throw new InvalidOperationException($"emitter: %{v.Name} is not a scalar");

    /// <summary>An operand for an extent: an immediate for a constant, the dim's register for a symbol.</summary>
    public string Extent(Dim d) => d switch
    {
        Dim.Const c => Imm32(c.Value, $"extent {c.Value}"),
        Dim.Sym s => _dimRegs.TryGetValue(s.Name, out var r) ? r
            : throw new InvalidOperationException($"emitter: dim {s.Name} has no register"),
        _ => throw new InvalidOperationException(),
    };

    public static string Imm32(long v, string what) => v is >= int.MinValue and <= int.MaxValue
        ? v.ToString(CultureInfo.InvariantCulture)
        : throw new EmitFailure(PtxDiagnosticIds.IndexOverflow, $"{what} does not fit the 32-bit index width of the emitted code");

    public void EmitBody(IEnumerable<Instr> body, EmitScope scope)
    {
        foreach (var instr in body) EmitInstr(instr, scope);
    }

    private void EmitInstr(Instr instr, EmitScope scope)
    {
        switch (instr.Op)
        {
            case Opcode.Reduce: EmitReduce(instr, scope); break;
            case Opcode.For: EmitFor(instr, scope); break;
            case Opcode.Compute:
                if (scope != EmitScope.Block)
                    throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                        $"%{instr.Result.Name}: a local tensor inside per-element code (a top-level compute or a local compute's body) is not lowered; only tile-level code of a parallel may build local tensors");
                EmitLocalCompute(instr);
                break;
            case Opcode.Parallel:
                throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"%{instr.Result.Name}: parallel inside a region");
            default: EmitScalar(instr); break;
        }
    }

    /// <summary>acc = identity; for each index tuple in row-major order (nested counted loops, stepped where the IR
    /// steps): acc = combine(acc, body) — the IR's sequential reduction order exactly.</summary>
    private void EmitReduce(Instr instr, EmitScope scope)
    {
        var region = instr.Body!;
        var (rule, acc) = StartReduction(instr);
        var loops = OpenLoops(region.Indices, "red");
        EmitBody(region.Body, scope);
        _b.Op($"{rule.Mnemonic} {acc}, {acc}, {ScalarReg(region.Yield)}");
        CloseLoops(loops);
        Bind(instr.Result, new Binding.Scalar(acc, instr.Result.DType));
    }

    /// <summary>The reduction's combine instruction (add/max/min of its dtype) and its accumulator, set to the identity.</summary>
    private (PtxOpRule Rule, string Acc) StartReduction(Instr instr)
    {
        var type = instr.Result.DType;
        var combineOp = instr.Attrs.Reduction switch
        {
            ReduceKind.Sum => Opcode.Add, ReduceKind.Max => Opcode.Max, ReduceKind.Min => Opcode.Min,
            _ => throw new InvalidOperationException(),
        };
        var rule = Rule(PtxOpKey.Of(combineOp, type), instr);
        var acc = _b.Reg(ClassOf(type));
        _b.Op($"{MoveMnemonic(type)} {acc}, {IdentityLiteral(instr.Attrs.Reduction, type)}");
        return (rule, acc);
    }

    /// <summary>for i = start; i &lt; bound; i += step { body(i) }, i a fresh register (signed 32-bit compare).</summary>
    private void CountedLoop(string hint, string start, string bound, int step, Action<string> body)
    {
        var (i, top, end) = LoopHead(hint, start, bound);
        body(i);
        _b.Op($"add.s32 {i}, {i}, {step.ToString(CultureInfo.InvariantCulture)}");
        _b.Op($"bra {top}");
        _b.Place(end);
    }

    /// <summary>i = start; top: if (i >= bound) goto end — a fresh counter register and the loop's two labels.</summary>
    private (string I, string Top, string End) LoopHead(string hint, string start, string bound)
    {
        var i = _b.Reg(PtxRegClass.B32);
        var top = _b.NewLabel(hint);
        var end = _b.NewLabel(hint + "_end");
        _b.Op($"mov.b32 {i}, {start}");
        _b.Place(top);
        var p = _b.Reg(PtxRegClass.Pred);
        _b.Op($"setp.ge.s32 {p}, {i}, {bound}");
        _b.Op($"@{p} bra {end}");
        return (i, top, end);
    }

    private sealed record OpenLoop(string Counter, string Step, string Top, string End);

    /// <summary>for i_0 = 0; i_0 &lt; E_0; i_0 += s_0 { for i_1 ... — the body follows; close with CloseLoops.</summary>
    private List<OpenLoop> OpenLoops(EqArray<IndexVar> indices, string hint)
    {
        var loops = new List<OpenLoop>();
        foreach (var iv in indices)
        {
            var (i, top, end) = LoopHead(hint, "0", Extent(iv.Extent));
            Bind(iv.Var, new Binding.Scalar(i, DType.Index));
            loops.Add(new OpenLoop(i, iv.Step is null ? "1" : Extent(iv.Step), top, end));
        }
        return loops;
    }

    private void CloseLoops(List<OpenLoop> loops)
    {
        for (int k = loops.Count - 1; k >= 0; k--)
        {
            _b.Op($"add.s32 {loops[k].Counter}, {loops[k].Counter}, {loops[k].Step}");
            _b.Op($"bra {loops[k].Top}");
            _b.Place(loops[k].End);
        }
    }

    /// <summary>for kb = 0; kb &lt; bound; kb += step: carried scalars live in registers (all next values are moved
    /// to temporaries first when a next is itself a carried value, so every next is read before any carried value
    /// changes); carried tensors (Block scope only) live in their own shared arrays, initialised and updated by
    /// cooperative copies between bar.syncs. The results are the carried registers/arrays after the loop.</summary>
    private void EmitFor(Instr instr, EmitScope scope)
    {
        var loop = instr.Loop!;
        var bound = ScalarReg(instr.Args[0]);
        var carried = new List<Binding>();
        for (int c = 0; c < loop.Carried.Count; c++)
        {
            var param = loop.Carried[c];
            var init = Lookup(instr.Args[1 + c]);
            if (param.Type.IsScalar)
            {
                var reg = _b.Reg(ClassOf(param.DType));
                _b.Op($"{MoveMnemonic(param.DType)} {reg}, {((Binding.Scalar)init).Reg}");
                carried.Add(new Binding.Scalar(reg, param.DType));
            }
            else
            {
                if (scope != EmitScope.Block)
                    throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                        $"%{param.Name}: a carried tensor in per-element code is not lowered (only in tile-level code of a parallel)");
                var arr = AllocShared(param);
                CopyTensor(init, arr, param.Type);
                carried.Add(arr);
            }
        }
        if (carried.Any(c => c is Binding.Shared)) _b.Op("bar.sync 0");
        for (int c = 0; c < carried.Count; c++) Bind(loop.Carried[c], carried[c]);

        var kb = _b.Reg(PtxRegClass.B32);
        var top = _b.NewLabel("for");
        var end = _b.NewLabel("for_end");
        _b.Op($"mov.b32 {kb}, 0");
        _b.Place(top);
        var p = _b.Reg(PtxRegClass.Pred);
        _b.Op($"setp.ge.s32 {p}, {kb}, {bound}");
        _b.Op($"@{p} bra {end}");
        Bind(loop.Index, new Binding.Scalar(kb, DType.Index));
        EmitBody(loop.Body, scope);

        var nexts = loop.Next.Select(Lookup).ToList();
        var carriedRegs = carried.OfType<Binding.Scalar>().Select(s => s.Reg).ToHashSet(StringComparer.Ordinal);
        bool viaTemps = nexts.OfType<Binding.Scalar>().Any(n => carriedRegs.Contains(n.Reg));
        var sources = new List<Binding>(nexts);
        if (viaTemps)
            for (int c = 0; c < nexts.Count; c++)
                if (nexts[c] is Binding.Scalar n)
                {
                    var t = _b.Reg(ClassOf(n.Type));
                    _b.Op($"{MoveMnemonic(n.Type)} {t}, {n.Reg}");
                    sources[c] = new Binding.Scalar(t, n.Type);
                }
        for (int c = 0; c < carried.Count; c++)
            if (carried[c] is Binding.Scalar dst && ((Binding.Scalar)sources[c]).Reg != dst.Reg)
                _b.Op($"{MoveMnemonic(dst.Type)} {dst.Reg}, {((Binding.Scalar)sources[c]).Reg}");
        if (carried.Any(c => c is Binding.Shared))
        {
            _b.Op("bar.sync 0"); // every read of the carried arrays in this iteration is done
            for (int c = 0; c < carried.Count; c++)
                if (carried[c] is Binding.Shared dst && sources[c] != dst)
                {
                    if (sources[c] is Binding.Shared s && carried.Contains(s))
                        throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                            $"%{loop.Next[c].Name}: a carried tensor passed on as another carried tensor is not lowered");
                    CopyTensor(sources[c], dst, loop.Carried[c].Type);
                }
            _b.Op("bar.sync 0"); // the copies are visible before the next iteration reads them
        }
        _b.Op($"add.s32 {kb}, {kb}, {Imm32(loop.Step, "for step")}");
        _b.Op($"bra {top}");
        _b.Place(end);
        int r = 0;
        foreach (var res in instr.Results) Bind(res, carried[r++]);
    }
}
