using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>The tensor-core .entry for a <see cref="MmaMatmulPattern"/>: c[m, n] = Σ_k f32(A[m, k])·f32(B[k, n]) with
/// mma.sync.aligned.m16n8k16.row.col.f32.{f16|bf16}.{f16|bf16}.f32.
/// Shape: a block is 4 warps (128 threads, 2×2) and covers a 32×64 tile of c; warp w computes the 16×32 tile at rows
/// m0 = 32·ctaid.y + 16·(w/2), columns n0 = 64·ctaid.x + 32·(w%2), as 4 mma sub-tiles of 16×8 (columns n0 + 8j)
/// that share one A fragment per k step. Grid (ceil(N/64), ceil(M/32), 1). Every warp runs the k loop
/// (k0 = 0, 16, 32, … below K: uniform, so all 32 lanes reach each mma) with 16 f32 accumulators per lane.
/// Fragments (PTX ISA; g = lane/4, t = lane%4), loaded straight from global memory, one 16-bit element at a time:
///   A (row): a0 = {A[m0+g][k0+2t], A[m0+g][k0+2t+1]}, a1 = the same at row m0+g+8, a2/a3 = a0/a1 at columns +8;
///   B (col): b0 = {B[k0+2t][n+g], B[k0+2t+1][n+g]}, b1 = the same at rows +8, n = n0 + 8j — B is [K, N] row-major,
///            so the two halves of a register are one row of B apart (2N bytes), gathered with two loads and a pack;
///   C/D:     d0, d1 = c[m0+g][n+2t], c[m0+g][n+2t+1]; d2, d3 = the same at row m0+g+8.
/// Bounds: an element outside [0, M)×[0, K) (A) or [0, K)×[0, N) (B) is never loaded — its register half is 0
/// (`mov.b16 h, 0` then a guarded `@p ld`), and a zero contributes nothing to any sum; only elements inside
/// [0, M)×[0, N) are stored. So every M, N, K ≥ 1 works; the PTX performs ceil(M/32)·32 × ceil(N/64)·64 ×
/// ceil(K/16)·16 multiply-adds, of which M·N·K are the IR's. Offsets are computed in u32 and widened with
/// mul.wide.u32 (non-negative, below 2^32 for in-bounds elements under KC0804's sizes).</summary>
internal static class MmaMatmulEmitter
{
    /// <summary>Warps per block, arranged WarpsM × WarpsN (warp w at (w / WarpsN, w % WarpsN)).</summary>
    public const int WarpsM = 2, WarpsN = 2;
    /// <summary>16×8 mma tiles side by side in one warp's tile: the A fragment is loaded once per k step for all.</summary>
    public const int SubTiles = 4;
    public const int Threads = 32 * WarpsM * WarpsN;
    public const int TileM = 16 * WarpsM;
    public const int TileN = 8 * SubTiles * WarpsN;

    public static EntryEmitter.Emitted Emit(Kernel kernel, Instr top, MmaMatmulPattern mm, string entryName,
        IReadOnlyList<(Value Value, PtxBuffer Buffer)> buffers, PtxBuffer output, PtxTarget target)
    {
        var b = new PtxEntryBuilder(entryName, EntryEmitter.MaxSharedBytes(target));
        var parameters = new List<(string Name, string Type)>();
        var launchParams = new List<PtxLaunchParam>();
        var address = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (value, buf) in buffers)
        {
            var pname = "b_" + buf.Name;
            parameters.Add((pname, "u64"));
            launchParams.Add(new PtxLaunchParam(buf.Name, PtxParamKind.Buffer));
            var raw = b.Reg(PtxRegClass.B64);
            var glob = b.Reg(PtxRegClass.B64);
            b.Op($"ld.param.u64 {raw}, [{pname}]");
            b.Op($"cvta.to.global.u64 {glob}, {raw}");
            address[ReferenceEquals(buf, output) ? "" : value.Name] = glob;
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
        // an extent in a register (a constant is moved into one: some uses below take two extents)
        string Ext(Dim d)
        {
            if (d is Dim.Sym s) return dimRegs[s.Name];
            if (d is not Dim.Const c) throw new InvalidOperationException();
            var r = b.Reg(PtxRegClass.B32);
            b.Op($"mov.b32 {r}, {RegionEmitter.Imm32(c.Value, $"extent {c.Value}")}");
            return r;
        }
        if (!address.TryGetValue(mm.A.Name, out var aBase) || !address.TryGetValue(mm.B.Name, out var bBase))
            throw new InvalidOperationException($"emitter: the mma operands of %{top.Result.Name} are not global buffers of the entry");
        var cBase = address[""];
        string M = Ext(mm.M), N = Ext(mm.N), K = Ext(mm.K);
        EmitBody(b, mm.Half, aBase, bBase, cBase, M, N, K);

        var flops = CostModel.Flops(kernel, top);
        var bytes = CostModel.GlobalBytes(buffers.Select(x => (x.Buffer.ElementType, x.Buffer.Shape)));
        var report = new KernelReport(b.Registers, b.SharedBytes, Threads, flops.ToString(), bytes.ToString());
        var launch = new PtxLaunch(entryName, launchParams.ToEqArray(), Ceil(mm.N, TileN), Ceil(mm.M, TileM), LaunchExtent.One,
            Threads, 1, 1, b.DynamicSharedBytes, report);
        return new EntryEmitter.Emitted(b.Render(parameters), launch);
    }

    private static void EmitBody(PtxEntryBuilder b, DType half, string aBase, string bBase, string cBase, string M, string N, string K)
    {
        string R() => b.Reg(PtxRegClass.B32);
        string P() => b.Reg(PtxRegClass.Pred);
        string A64() => b.Reg(PtxRegClass.B64);
        string Lt(string x, string bound) { var p = P(); b.Op($"setp.lt.s32 {p}, {x}, {bound}"); return p; }
        string And(string p, string q) { var r = P(); b.Op($"and.pred {r}, {p}, {q}"); return r; }
        string Add(string x, string y) { var r = R(); b.Op($"add.s32 {r}, {x}, {y}"); return r; }
        string At(string addr, int offset) => offset == 0 ? addr : $"{addr}+{offset}";
        // base + e·(row·stride + col) as a 64-bit address (element size e)
        string Ptr(string baseReg, string row, string stride, string col, int e)
        {
            var i = R(); var off = A64(); var p = A64();
            b.Op($"mad.lo.s32 {i}, {row}, {stride}, {col}");
            b.Op($"mul.wide.u32 {off}, {i}, {e}");
            b.Op($"add.s64 {p}, {baseReg}, {off}");
            return p;
        }

        b.Comment($"mma.sync m16n8k16: warp w computes c[m0, m0+16) x [n0, n0+{8 * SubTiles}) as {SubTiles} tiles of 16x8, k in steps of 16");
        var tid = R(); var lane = R(); var warp = R(); var g = R(); var t = R(); var t2 = R();
        b.Op($"mov.u32 {tid}, %tid.x");
        b.Op($"and.b32 {lane}, {tid}, 31");
        b.Op($"shr.u32 {warp}, {tid}, 5");
        b.Op($"shr.u32 {g}, {lane}, 2");
        b.Op($"and.b32 {t}, {lane}, 3");
        b.Op($"shl.b32 {t2}, {t}, 1");
        // m0 = TileM·ctaid.y + 16·(w / WarpsN), n0 = TileN·ctaid.x + 8·SubTiles·(w % WarpsN)
        var cy = R(); var cx = R(); var wm = R(); var wn = R(); var m0 = R(); var n0 = R();
        b.Op($"mov.u32 {cy}, %ctaid.y");
        b.Op($"mov.u32 {cx}, %ctaid.x");
        b.Op($"shr.u32 {wm}, {warp}, 1"); // w / WarpsN and w % WarpsN with WarpsN = 2
        b.Op($"and.b32 {wn}, {warp}, 1");
        var wm16 = R(); var wn8 = R();
        b.Op($"mul.lo.s32 {wm16}, {wm}, 16");
        b.Op($"mad.lo.s32 {m0}, {cy}, {TileM}, {wm16}");
        b.Op($"mul.lo.s32 {wn8}, {wn}, {8 * SubTiles}");
        b.Op($"mad.lo.s32 {n0}, {cx}, {TileN}, {wn8}");
        var r0 = Add(m0, g);            // fragment rows of A and c: r0 = m0 + g, r1 = r0 + 8
        var r1 = Add(r0, "8");
        var pr0 = Lt(r0, M); var pr1 = Lt(r1, M);
        // the B column of this lane in sub-tile j is n0 + 8j + g
        var pn = new string[SubTiles];
        var nc0 = Add(n0, g);
        for (int j = 0; j < SubTiles; j++) pn[j] = Lt(j == 0 ? nc0 : Add(nc0, (8 * j).ToString(System.Globalization.CultureInfo.InvariantCulture)), N);
        var pa0 = Ptr(aBase, r0, K, t2, 2);   // &A[r0][2t], &A[r1][2t]: advance 32 bytes (16 columns) per k step
        var pa1 = Ptr(aBase, r1, K, t2, 2);
        var pb = Ptr(bBase, t2, N, nc0, 2);   // &B[2t][n0+g] (sub-tile j: +16j bytes): advance 32·N bytes per k step
        var sb1 = A64(); var sb8 = A64(); var sbk = A64();
        b.Op($"mul.wide.u32 {sb1}, {N}, 2");
        b.Op($"mul.wide.u32 {sb8}, {N}, 16");
        b.Op($"mul.wide.u32 {sbk}, {N}, 32");
        var d = new string[SubTiles][];
        for (int j = 0; j < SubTiles; j++)
        {
            d[j] = [b.Reg(PtxRegClass.F32), b.Reg(PtxRegClass.F32), b.Reg(PtxRegClass.F32), b.Reg(PtxRegClass.F32)];
            foreach (var x in d[j]) b.Op($"mov.f32 {x}, 0f00000000");
        }

        var k0 = R();
        b.Op($"mov.b32 {k0}, 0");
        var loop = b.NewLabel("mma_k");
        var end = b.NewLabel("mma_k_end");
        b.Place(loop);
        var done = P();
        b.Op($"setp.ge.s32 {done}, {k0}, {K}");
        b.Op($"@{done} bra {end}");
        var c0 = Add(k0, t2);          // the lane's k columns: c0, c0+1, c0+8, c0+9
        var q = new[] { Lt(c0, K), Lt(Add(c0, "1"), K), Lt(Add(c0, "8"), K), Lt(Add(c0, "9"), K) };
        // one guarded 16-bit load: 0 where the guard is false (the element lies outside the tensor)
        string Load(string guard, string addr)
        {
            var h = b.Reg(PtxRegClass.B16);
            b.Op($"mov.b16 {h}, 0");
            b.Op($"@{guard} ld.global.b16 {h}, [{addr}]");
            return h;
        }
        string Pack(string lo, string hi) { var r = R(); b.Op($"mov.b32 {r}, {{{lo}, {hi}}}"); return r; }
        // A halves at byte offsets 0, 2, 16, 18 from &A[r][k0+2t] (columns c0, c0+1, c0+8, c0+9); shared by the sub-tiles
        string[] AHalves(string pr, string pa) =>
            [Load(And(pr, q[0]), pa), Load(And(pr, q[1]), At(pa, 2)), Load(And(pr, q[2]), At(pa, 16)), Load(And(pr, q[3]), At(pa, 18))];
        var ar0 = AHalves(pr0, pa0);
        var ar1 = AHalves(pr1, pa1);
        var a = new[] { Pack(ar0[0], ar0[1]), Pack(ar1[0], ar1[1]), Pack(ar0[2], ar0[3]), Pack(ar1[2], ar1[3]) };
        var pb1 = A64(); var pb8 = A64(); var pb9 = A64();
        b.Op($"add.s64 {pb1}, {pb}, {sb1}");
        b.Op($"add.s64 {pb8}, {pb}, {sb8}");
        b.Op($"add.s64 {pb9}, {pb8}, {sb1}");
        var ty = half == DType.BF16 ? "bf16" : "f16";
        for (int j = 0; j < SubTiles; j++)
        {
            int o = 16 * j; // 8 columns of B further
            var bh = new[] { Load(And(q[0], pn[j]), At(pb, o)), Load(And(q[1], pn[j]), At(pb1, o)),
                             Load(And(q[2], pn[j]), At(pb8, o)), Load(And(q[3], pn[j]), At(pb9, o)) };
            var bb = new[] { Pack(bh[0], bh[1]), Pack(bh[2], bh[3]) };
            var dl = string.Join(", ", d[j]);
            b.Op($"mma.sync.aligned.m16n8k16.row.col.f32.{ty}.{ty}.f32 {{{dl}}}, {{{string.Join(", ", a)}}}, {{{string.Join(", ", bb)}}}, {{{dl}}}");
        }
        b.Op($"add.s64 {pa0}, {pa0}, 32");
        b.Op($"add.s64 {pa1}, {pa1}, 32");
        b.Op($"add.s64 {pb}, {pb}, {sbk}");
        b.Op($"add.s32 {k0}, {k0}, 16");
        b.Op($"bra {loop}");
        b.Place(end);

        // stores of sub-tile j: d0, d1 at (r0, n0+8j+2t), (r0, n0+8j+2t+1); d2, d3 at row r1; only inside [0, M)×[0, N)
        var cc = Add(n0, t2);
        var po0 = Ptr(cBase, r0, N, cc, 4);
        var po1 = Ptr(cBase, r1, N, cc, 4);
        for (int j = 0; j < SubTiles; j++)
        {
            var ccj = j == 0 ? cc : Add(cc, (8 * j).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var pc0 = Lt(ccj, N); var pc1 = Lt(Add(ccj, "1"), N);
            int o = 32 * j; // 8 columns of c further
            b.Op($"@{And(pr0, pc0)} st.global.f32 [{At(po0, o)}], {d[j][0]}");
            b.Op($"@{And(pr0, pc1)} st.global.f32 [{At(po0, o + 4)}], {d[j][1]}");
            b.Op($"@{And(pr1, pc0)} st.global.f32 [{At(po1, o)}], {d[j][2]}");
            b.Op($"@{And(pr1, pc1)} st.global.f32 [{At(po1, o + 4)}], {d[j][3]}");
        }
        b.Op("ret");
    }

    private static LaunchExtent Ceil(Dim extent, long divisor) => extent switch
    {
        Dim.Const c => LaunchExtent.Of((c.Value + divisor - 1) / divisor),
        Dim.Sym s => LaunchExtent.CeilDiv(s.Name, divisor),
        _ => throw new InvalidOperationException(),
    };
}
