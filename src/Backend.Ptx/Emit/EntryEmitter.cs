using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>One .entry for one top-level IR instruction.
/// Compute: one thread per output element — x = ctaid.x·ntid.x + tid.x over the last extent (threads past it
/// exit; there is no barrier in these entries), ctaid.y and ctaid.z over the extents before it.
/// Parallel: one thread block per tile — the tile origin of index var k is ctaid(axis k)·step_k; the tile-level code
/// runs in every thread (Block scope), local tensors are built cooperatively in shared memory, and the yielded tile
/// is stored with truncation at the result's extents.</summary>
internal static class EntryEmitter
{
    public const int ComputeBlock = 256;
    public const int ParallelBlock = 128;

    public sealed record Emitted(string Text, PtxLaunch Launch);

    /// <param name="buffers">The global buffers this entry uses, in program order; <paramref name="output"/> among them.</param>
    public static Emitted Emit(Kernel kernel, Instr top, string entryName, IReadOnlyList<(Value Value, PtxBuffer Buffer)> buffers,
        PtxBuffer output, PtxTarget target)
    {
        var b = new PtxEntryBuilder(entryName, MaxSharedBytes(target));
        var parameters = new List<(string Name, string Type)>();
        var launchParams = new List<PtxLaunchParam>();
        var globals = new List<(Value, Binding.Global)>();
        foreach (var (value, buf) in buffers)
        {
            var pname = "b_" + buf.Name;
            parameters.Add((pname, "u64"));
            launchParams.Add(new PtxLaunchParam(buf.Name, PtxParamKind.Buffer));
            var raw = b.Reg(PtxRegClass.B64);
            var glob = b.Reg(PtxRegClass.B64);
            b.Op($"ld.param.u64 {raw}, [{pname}]");
            b.Op($"cvta.to.global.u64 {glob}, {raw}");
            globals.Add((value, new Binding.Global(glob, buf.ElementType, buf.Shape)));
        }
        var dimRegs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in kernel.Dims)
        {
            var pname = "d_" + d;
            parameters.Add((pname, "u32"));
            launchParams.Add(new PtxLaunchParam(d, PtxParamKind.Dim));
            var r = b.Reg(PtxRegClass.B32);
            b.Op($"ld.param.u32 {r}, [{pname}]");
            dimRegs[d] = r;
        }
        int outIndex = buffers.Select((x, i) => (x, i)).Single(p => ReferenceEquals(p.x.Buffer, output)).i;
        var outGlobal = globals[outIndex].Item2;

        LaunchShape shape = top.Op == Opcode.Compute
            ? EmitCompute(b, kernel, top, dimRegs, globals, outGlobal)
            : EmitParallel(b, kernel, top, dimRegs, globals, outGlobal);

        var flops = CostModel.Flops(kernel, top);
        var bytes = CostModel.GlobalBytes(buffers.Select(x => (x.Buffer.ElementType, x.Buffer.Shape)));
        var report = new KernelReport(b.Registers, b.SharedBytes, shape.Threads, flops.ToString(), bytes.ToString());
        var launch = new PtxLaunch(entryName, launchParams.ToEqArray(), shape.Grid[0], shape.Grid[1], shape.Grid[2],
            shape.Threads, 1, 1, b.DynamicSharedBytes, report);
        return new Emitted(b.Render(parameters), launch);
    }

    /// <summary>Shared memory per block with the opt-in attribute: 163 KiB on sm_80 (A100), 227 KiB on sm_90 (H100).</summary>
    public static long MaxSharedBytes(PtxTarget target) => target.Sm == "sm_90" ? 227 * 1024 : 163 * 1024;

    private sealed record LaunchShape(LaunchExtent[] Grid, int Threads);

    private static LaunchShape EmitCompute(PtxEntryBuilder b, Kernel kernel, Instr top, Dictionary<string, string> dimRegs,
        List<(Value, Binding.Global)> globals, Binding.Global output)
    {
        var region = top.Body!;
        int rank = region.Indices.Count;
        if (rank > 3)
            throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"%{top.Result.Name}: a compute of rank {rank}; the grid maps at most three dimensions");
        var e = new RegionEmitter(b, kernel, dimRegs, null, ComputeBlock);
        foreach (var (v, g) in globals) e.Bind(v, g);
        var last = rank == 0 ? Dim.Of(1) : region.Indices[rank - 1].Extent;
        int threads = last is Dim.Const c && c.Value < ComputeBlock ? (int)Math.Max(32, (c.Value + 31) / 32 * 32) : ComputeBlock;
        var exit = b.NewLabel("exit");
        var ctaid = b.Reg(PtxRegClass.B32); var ntid = b.Reg(PtxRegClass.B32); var tid = b.Reg(PtxRegClass.B32);
        var x = b.Reg(PtxRegClass.B32);
        b.Op($"mov.u32 {ctaid}, %ctaid.x");
        b.Op($"mov.u32 {ntid}, %ntid.x");
        b.Op($"mov.u32 {tid}, %tid.x");
        b.Op($"mad.lo.s32 {x}, {ctaid}, {ntid}, {tid}");
        var p = b.Reg(PtxRegClass.Pred);
        b.Op($"setp.ge.s32 {p}, {x}, {e.Extent(last)}");
        b.Op($"@{p} bra {exit}");
        var idx = new string[rank];
        if (rank > 0) idx[rank - 1] = x;
        string[] axes = ["%ctaid.y", "%ctaid.z"];
        for (int k = rank - 2; k >= 0; k--)
        {
            idx[k] = b.Reg(PtxRegClass.B32);
            b.Op($"mov.u32 {idx[k]}, {axes[rank - 2 - k]}");
        }
        for (int k = 0; k < rank; k++) e.Bind(region.Indices[k].Var, new Binding.Scalar(idx[k], DType.Index));
        e.EmitBody(region.Body, EmitScope.Thread);
        var st = PtxInstructionTable.Find(PtxOpKey.Of(Opcode.Compute, top.Result.DType))
            ?? throw new EmitFailure(PtxDiagnosticIds.UnsupportedOp, $"%{top.Result.Name}: no PTX store for {top.Result.DType.Name()}");
        var addr = e.ElementAddress(output, e.FlatIndex(idx, output.Shape));
        b.Op($"{st.Mnemonic.Replace("{space}", "global")} [{addr}], {e.ScalarReg(region.Yield)}");
        b.Place(exit);
        b.Op("ret");

        var grid = new LaunchExtent[3];
        grid[0] = Ceil(last, threads);
        grid[1] = rank >= 2 ? Ceil(region.Indices[rank - 2].Extent, 1) : LaunchExtent.One;
        grid[2] = rank >= 3 ? Ceil(region.Indices[rank - 3].Extent, 1) : LaunchExtent.One;
        return new LaunchShape(grid, threads);
    }

    private static LaunchShape EmitParallel(PtxEntryBuilder b, Kernel kernel, Instr top, Dictionary<string, string> dimRegs,
        List<(Value, Binding.Global)> globals, Binding.Global output)
    {
        var region = top.Body!;
        int rank = region.Indices.Count;
        if (rank is 0 or > 3)
            throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"%{top.Result.Name}: a parallel of rank {rank}; the grid maps one to three dimensions");
        // Where-clause upper bounds size the shared arrays: re-check them here (trap, never a silent overflow).
        foreach (var d in kernel.Dims)
            if (DimBounds.Max(kernel, d) is { } max)
            {
                var bad = b.Reg(PtxRegClass.Pred);
                b.Op($"setp.gt.u32 {bad}, {dimRegs[d]}, {RegionEmitter.Imm32(max, $"bound of {d}")}");
                b.Op($"@{bad} trap");
            }
        var tid = b.Reg(PtxRegClass.B32);
        b.Op($"mov.u32 {tid}, %tid.x");
        var e = new RegionEmitter(b, kernel, dimRegs, tid, ParallelBlock);
        foreach (var (v, g) in globals) e.Bind(v, g);
        string[] axes = ["%ctaid.x", "%ctaid.y", "%ctaid.z"];
        var origins = new string[rank];
        var grid = new[] { LaunchExtent.One, LaunchExtent.One, LaunchExtent.One };
        for (int k = 0; k < rank; k++)
        {
            var iv = region.Indices[k];
            int axis = rank - 1 - k;
            var o = b.Reg(PtxRegClass.B32);
            if (iv.Step is Dim.Sym s && s == iv.Extent)
            {
                b.Op($"mov.b32 {o}, 0"); // a single tile spans the extent
                grid[axis] = LaunchExtent.One;
            }
            else if (iv.Step is Dim.Const c)
            {
                var cta = b.Reg(PtxRegClass.B32);
                b.Op($"mov.u32 {cta}, {axes[axis]}");
                b.Op($"mul.lo.s32 {o}, {cta}, {RegionEmitter.Imm32(c.Value, "tile step")}");
                grid[axis] = Ceil(iv.Extent, c.Value);
            }
            else
                throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                    $"%{iv.Var.Name}: a tile step {iv.Step} that is a dim other than the extent");
            origins[k] = o;
            e.Bind(iv.Var, new Binding.Scalar(o, DType.Index));
        }
        bool direct = IsOnlyYielded(region);
        if (direct) e.StoreYieldDirectly(region.Yield, output, origins);
        e.EmitBody(region.Body, EmitScope.Block);
        if (direct)
        {
            b.Op("ret");
            return new LaunchShape(grid, ParallelBlock);
        }
        var tile = e.Lookup(region.Yield);
        if (tile is not Binding.Shared)
            throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape, $"%{region.Yield.Name}: a parallel must yield a local tile");
        e.StoreTile(tile, region.Yield.Type, output, origins);
        b.Op("ret");
        return new LaunchShape(grid, ParallelBlock);
    }

    /// <summary>The yield is a compute at the tile's top level that no other instruction reads (a load, a for's
    /// init or next): then it can be computed straight into the result.</summary>
    private static bool IsOnlyYielded(Region region)
    {
        var y = region.Yield.Name;
        if (!region.Body.Any(i => i.Op == Opcode.Compute && i.Result.Name == y)) return false;
        return !region.Body.Any(i => Reads(i, y));
    }

    private static bool Reads(Instr i, string name) =>
        i.Args.Any(a => a.Name == name)
        || (i.Body is { } r && (r.Yield.Name == name || r.Body.Any(b => Reads(b, name))))
        || (i.Loop is { } l && (l.Next.Any(n => n.Name == name) || l.Body.Any(b => Reads(b, name))));

    private static LaunchExtent Ceil(Dim extent, long divisor) => extent switch
    {
        Dim.Const c => LaunchExtent.Of((c.Value + divisor - 1) / divisor),
        Dim.Sym s => LaunchExtent.CeilDiv(s.Name, divisor),
        _ => throw new InvalidOperationException(),
    };
}
