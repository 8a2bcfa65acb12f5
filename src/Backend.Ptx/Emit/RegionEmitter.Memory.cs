using KernelC.IR;
using ValueType = KernelC.IR.ValueType;

namespace KernelC.Backend.Ptx.Emit;

internal sealed partial class RegionEmitter
{
    /// <summary>A fresh shared array for a local tensor, sized by the where-clause bounds of its extents.</summary>
    public Binding.Shared AllocShared(Value v)
    {
        long bytes = checked(DimBounds.MaxElements(_kernel, v.Type.Shape, $"local tensor %{v.Name}") * v.DType.ByteSize());
        var sym = _b.Shared(Sanitize(v.Name), bytes);
        if (_b.SharedBytes > _b.MaxSharedBytes)
            throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                $"%{v.Name}: the local tensors of this parallel need {_b.SharedBytes} bytes of shared memory, more than the target's {_b.MaxSharedBytes} per block");
        var reg = _b.Reg(PtxRegClass.B32);
        _b.SharedAddress(reg, sym);
        return new Binding.Shared(reg, v.DType, v.Type.Shape);
    }

    public static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>Cooperative local compute: thread t builds elements t, t + T, t + 2T, ... (T = block size), row-major
    /// flat index e ↦ indices by repeated div/rem (a row reduction: warp w builds elements w, w + T/32, ..., see
    /// RegionEmitter.WarpRows); then bar.sync so every thread sees the whole tensor.</summary>
    private void EmitLocalCompute(Instr instr)
    {
        var region = instr.Body!;
        if (_directTile is { } direct && direct.Tile.Name == instr.Result.Name)
        {
            EmitTileToGlobal(instr, direct.Output, direct.Origins);
            return;
        }
        var arr = AllocShared(instr.Result);
        var store = Rule(PtxOpKey.Of(Opcode.Compute, instr.Result.DType), instr);
        ForEachComputeElement(instr, (e, idx, lane) =>
        {
            for (int k = 0; k < idx.Count; k++) Bind(region.Indices[k].Var, new Binding.Scalar(idx[k], DType.Index));
            EmitElementBody(region, lane);
            var addr = ElementAddress(arr, e);
            StoreElement(store.Mnemonic.Replace("{space}", "shared"), addr, ScalarReg(region.Yield), lane);
        });
        _b.Op("bar.sync 0");
        Bind(instr.Result, arr);
    }

    /// <summary>The yielded tile when nothing else reads it: computed straight into the result (no shared array).</summary>
    private (Value Tile, Binding.Global Output, IReadOnlyList<string> Origins)? _directTile;

    public void StoreYieldDirectly(Value tile, Binding.Global output, IReadOnlyList<string> origins) => _directTile = (tile, output, origins);

    /// <summary>The yielded tile computed element by element straight into the global result, with the placement
    /// identity result[v + t] = tile[t] for v + t inside the result; elements past the result's extents are not
    /// computed at all (the IR computes and then discards them, so the stored values are the same).</summary>
    private void EmitTileToGlobal(Instr instr, Binding.Global output, IReadOnlyList<string> origins)
    {
        var region = instr.Body!;
        var store = Rule(PtxOpKey.Of(Opcode.Compute, instr.Result.DType), instr);
        ForEachComputeElement(instr, (e, idx, lane) =>
        {
            var skip = _b.NewLabel("trunc");
            var g = new List<string>();
            for (int k = 0; k < idx.Count; k++)
            {
                var gk = _b.Reg(PtxRegClass.B32);
                _b.Op($"add.s32 {gk}, {origins[k]}, {idx[k]}");
                var p = _b.Reg(PtxRegClass.Pred);
                _b.Op($"setp.ge.s32 {p}, {gk}, {Extent(output.Shape[k])}");
                _b.Op($"@{p} bra {skip}");
                g.Add(gk);
            }
            for (int k = 0; k < idx.Count; k++) Bind(region.Indices[k].Var, new Binding.Scalar(idx[k], DType.Index));
            EmitElementBody(region, lane);
            StoreElement(store.Mnemonic.Replace("{space}", "global"), ElementAddress(output, FlatIndex(g, output.Shape)), ScalarReg(region.Yield), lane);
            _b.Place(skip);
        });
        Bind(instr.Result, output);
    }

    /// <summary>for e = tid; e &lt; Π extents; e += T, with the row-major indices of e.</summary>
    public void ForEachElement(EqArray<Dim> extents, Action<string, List<string>> body)
    {
        if (_tid is null) throw new InvalidOperationException("emitter: cooperative loop outside a parallel entry");
        var count = _b.Reg(PtxRegClass.B32);
        _b.Op($"mov.b32 {count}, 1");
        foreach (var d in extents) _b.Op($"mul.lo.s32 {count}, {count}, {Extent(d)}");
        CountedLoop("elem", _tid, count, _threads, e =>
        {
            var idx = new string[extents.Count];
            if (extents.Count > 0)
            {
                var rest = e;
                for (int k = extents.Count - 1; k >= 1; k--)
                {
                    idx[k] = _b.Reg(PtxRegClass.B32);
                    _b.Op($"rem.u32 {idx[k]}, {rest}, {Extent(extents[k])}");
                    var q = _b.Reg(PtxRegClass.B32);
                    _b.Op($"div.u32 {q}, {rest}, {Extent(extents[k])}");
                    rest = q;
                }
                idx[0] = rest;
            }
            body(e, idx.ToList());
        });
    }

    /// <summary>Element-wise copy of a tensor into a shared array (inside a barrier-separated phase).</summary>
    private void CopyTensor(Binding src, Binding.Shared dst, ValueType type)
    {
        var ld = Rule(PtxOpKey.Of(Opcode.Load, type.DType), null);
        var st = Rule(PtxOpKey.Of(Opcode.Compute, type.DType), null);
        ForEachElement(type.Shape, (e, _) =>
        {
            var v = _b.Reg(ClassOf(type.DType));
            _b.Op($"{ld.Mnemonic.Replace("{space}", Space(src))} {v}, [{ElementAddress(src, e)}]");
            _b.Op($"{st.Mnemonic.Replace("{space}", "shared")} [{ElementAddress(dst, e)}], {v}");
        });
    }

    /// <summary>Stores a tile into a global tensor with truncation: result[v + t] = tile[t] where v + t is inside the
    /// result's extents (the parallel tile placement identity).</summary>
    public void StoreTile(Binding tile, ValueType tileType, Binding.Global dst, IReadOnlyList<string> origins)
    {
        var ld = Rule(PtxOpKey.Of(Opcode.Load, tileType.DType), null);
        var st = Rule(PtxOpKey.Of(Opcode.Compute, tileType.DType), null);
        ForEachElement(tileType.Shape, (e, t) =>
        {
            var skip = _b.NewLabel("trunc");
            var g = new List<string>();
            for (int k = 0; k < t.Count; k++)
            {
                var gk = _b.Reg(PtxRegClass.B32);
                _b.Op($"add.s32 {gk}, {origins[k]}, {t[k]}");
                var p = _b.Reg(PtxRegClass.Pred);
                _b.Op($"setp.ge.s32 {p}, {gk}, {Extent(dst.Shape[k])}");
                _b.Op($"@{p} bra {skip}");
                g.Add(gk);
            }
            var v = _b.Reg(ClassOf(tileType.DType));
            _b.Op($"{ld.Mnemonic.Replace("{space}", Space(tile))} {v}, [{ElementAddress(tile, e)}]");
            _b.Op($"{st.Mnemonic.Replace("{space}", "global")} [{ElementAddress(dst, FlatIndex(g, dst.Shape))}], {v}");
            _b.Place(skip);
        });
    }

    /// <summary>Row-major flat index ((i_0·E_1 + i_1)·E_2 + i_2)... in 32 bits (KC0804 guards the sizes).</summary>
    public string FlatIndex(IReadOnlyList<string> indices, EqArray<Dim> shape)
    {
        if (indices.Count == 0) return "0";
        var flat = indices[0];
        for (int k = 1; k < indices.Count; k++)
        {
            var f = _b.Reg(PtxRegClass.B32);
            _b.Op($"mad.lo.s32 {f}, {flat}, {Extent(shape[k])}, {indices[k]}");
            flat = f;
        }
        return flat;
    }

    /// <summary>The address of element <paramref name="flat"/>: a .b64 global address or a .b32 shared one.</summary>
    public string ElementAddress(Binding tensor, string flat)
    {
        switch (tensor)
        {
            case Binding.Global g:
            {
                if (flat == "0") return g.AddressReg;
                var off = _b.Reg(PtxRegClass.B64);
                var addr = _b.Reg(PtxRegClass.B64);
                _b.Op($"mul.wide.s32 {off}, {flat}, {g.Type.ByteSize()}");
                _b.Op($"add.s64 {addr}, {g.AddressReg}, {off}");
                return addr;
            }
            case Binding.Shared s:
            {
                if (flat == "0") return s.AddressReg;
                var addr = _b.Reg(PtxRegClass.B32);
                _b.Op($"mad.lo.s32 {addr}, {flat}, {s.Type.ByteSize()}, {s.AddressReg}");
                return addr;
            }
            default: throw new InvalidOperationException("emitter: not a tensor");
        }
    }

    private static string Space(Binding b) => b is Binding.Shared ? "shared" : "global";

    private void EmitLoad(Instr instr)
    {
        var tensor = Lookup(instr.Args[0]);
        var shape = tensor switch { Binding.Global g => g.Shape, Binding.Shared s => s.Shape, _ => throw new InvalidOperationException() };
        var rule = Rule(PtxOpKey.Of(Opcode.Load, instr.Result.DType), instr);
        var flat = FlatIndex(instr.Args.Skip(1).Select(ScalarReg).ToList(), shape);
        var addr = ElementAddress(tensor, flat);
        var d = _b.Reg(ClassOf(instr.Result.DType));
        _b.Op($"{rule.Mnemonic.Replace("{space}", Space(tensor))} {d}, [{addr}]");
        Bind(instr.Result, new Binding.Scalar(d, instr.Result.DType));
    }
}
