using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>Row reductions with warp shuffles. A rank-1 local compute of a parallel (one value per row of the tile,
/// e.g. softmax's row max) whose body has a top-level f32 sum/max/min over one unstepped index with extent a dim or
/// a constant ≥ 32 is built one WARP per element instead of one thread: warp w of the block takes elements w, w + W,
/// ... (W = block size / 32; every lane of a warp runs the same element, so the shuffles see all 32 lanes); lane l
/// folds the reduction's elements l, l + 32, ... from the identity (+0, -inf, +inf: a lane with no element keeps it),
/// then 5 `shfl.sync.bfly.b32` steps (offsets 16, 8, 4, 2, 1, full mask) combine the lanes: after the step with
/// offset k every lane holds the combination of its aligned group of 2k lanes, so after the last one every lane
/// holds the whole row's result, and the same value in every lane (combine(a, b) = combine(b, a) bit for bit). The
/// rest of the body runs in every lane with the same values; lane 0 alone stores the element. The f32 order is not
/// the IR's sequential fold (docs/ptx.md "Kernel shapes"); in the reals it is the same sum/max.</summary>
internal sealed partial class RegionEmitter
{
    private const int WarpSize = 32;
    private static readonly int[] ButterflyOffsets = [16, 8, 4, 2, 1];

    /// <summary>Whether a local compute is built one warp per element (see the class summary).</summary>
    private static bool IsWarpRowCompute(Instr compute) =>
        compute.Body!.Indices.Count == 1 && compute.Body.Body.Any(IsWarpReduce);

    private static bool IsWarpReduce(Instr i) =>
        i.Op == Opcode.Reduce && i.Result.DType == DType.F32 && i.Body!.Indices.Count == 1 && i.Body.Indices[0].Step is null
        && i.Body.Indices[0].Extent is Dim.Sym or Dim.Const { Value: >= WarpSize };

    /// <summary>The element loop of a local compute: per thread (<see cref="ForEachElement"/>; lane null) or, for a
    /// row-reduction compute, per warp (lane = the lane register).</summary>
    private void ForEachComputeElement(Instr compute, Action<string, List<string>, string?> body)
    {
        var extents = compute.Body!.Indices.Select(iv => iv.Extent).ToEqArray();
        if (!IsWarpRowCompute(compute))
        {
            ForEachElement(extents, (e, idx) => body(e, idx, null));
            return;
        }
        // for e = warp; e < E; e += W — uniform within a warp
        var warp = _b.Reg(PtxRegClass.B32);
        var lane = _b.Reg(PtxRegClass.B32);
        _b.Op($"shr.u32 {warp}, {_tid}, 5");
        _b.Op($"and.b32 {lane}, {_tid}, 31");
        CountedLoop("row", warp, Extent(extents[0]), _threads / WarpSize,
            e => body(e, [e], lane));
    }

    /// <summary>The body of one element: top-level row reductions across the warp's lanes when lane is set.</summary>
    private void EmitElementBody(Region region, string? lane)
    {
        if (lane is null) { EmitBody(region.Body, EmitScope.Thread); return; }
        foreach (var instr in region.Body)
            if (IsWarpReduce(instr)) EmitWarpReduce(instr, lane);
            else EmitInstr(instr, EmitScope.Thread);
    }

    /// <summary>st [addr], value — by lane 0 only when lane is set (every lane holds the same value).</summary>
    private void StoreElement(string mnemonic, string addr, string value, string? lane)
    {
        if (lane is null) { _b.Op($"{mnemonic} [{addr}], {value}"); return; }
        var first = _b.Reg(PtxRegClass.Pred);
        _b.Op($"setp.eq.s32 {first}, {lane}, 0");
        _b.Op($"@{first} {mnemonic} [{addr}], {value}");
    }

    /// <summary>acc = identity; for i = lane; i &lt; E; i += 32: acc = combine(acc, body(i)); then for k = 16, 8, 4, 2, 1:
    /// acc = combine(acc, shfl.bfly(acc, k)). Equal in the reals to the IR's fold over i &lt; E (sum: reassociated;
    /// max/min: associative, commutative, idempotent, the identity absorbed).</summary>
    private void EmitWarpReduce(Instr instr, string lane)
    {
        var region = instr.Body!;
        var (rule, acc) = StartReduction(instr);
        CountedLoop("lane_red", lane, Extent(region.Indices[0].Extent), WarpSize, i =>
        {
            Bind(region.Indices[0].Var, new Binding.Scalar(i, DType.Index));
            EmitBody(region.Body, EmitScope.Thread);
            _b.Op($"{rule.Mnemonic} {acc}, {acc}, {ScalarReg(region.Yield)}");
        });
        foreach (var k in ButterflyOffsets)
        {
            var other = _b.Reg(PtxRegClass.F32);
            _b.Op($"shfl.sync.bfly.b32 {other}, {acc}, {k}, 31, 0xffffffff");
            _b.Op($"{rule.Mnemonic} {acc}, {acc}, {other}");
        }
        Bind(instr.Result, new Binding.Scalar(acc, instr.Result.DType));
    }
}
