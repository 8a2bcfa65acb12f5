using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>The IR shape the tensor-core path lowers, recognized exactly (anything else keeps the general path):
/// <code>
/// %c: f32[M, N] = compute [%m &lt; M, %n &lt; N] {
///   %s: f32 = reduce.sum [%k &lt; K] {
///     %x: h = load %A[%m, %k]    %x32: f32 = cast %x
///     %y: h = load %B[%k, %n]    %y32: f32 = cast %y
///     %p: f32 = mul %x32, %y32   (either operand order)
///     yield %p
///   }
///   yield %s
/// }
/// </code>
/// with h = f16 or bf16 for both, A: h[M, K] and B: h[K, N] tensors whose shapes are exactly the index extents (so
/// [0, M)×[0, K) and [0, K)×[0, N) are the in-bounds sets), no steps, nothing else in either body. Identity:
/// c[m, n] = Σ_{k&lt;K} f32(A[m, k])·f32(B[k, n]) — products of two f16/bf16 values are exact in f32, and widening
/// casts are exact in every rounding mode, so only the summation order and its roundings are left to the kernel.</summary>
internal sealed record MmaMatmulPattern(Value A, Value B, DType Half, Dim M, Dim N, Dim K)
{
    public static MmaMatmulPattern? Match(Instr top)
    {
        if (top.Op != Opcode.Compute || top.Result.DType != DType.F32 || top.Body is not { } region) return null;
        if (region.Indices.Count != 2 || region.Body.Count != 1) return null;
        var (m, n) = (region.Indices[0], region.Indices[1]);
        if (m.Step is not null || n.Step is not null) return null;
        var red = region.Body[0];
        if (red.Op != Opcode.Reduce || red.Attrs.Reduction != ReduceKind.Sum || red.Result.DType != DType.F32
            || red.Result != region.Yield || red.Body is not { } inner) return null;
        if (inner.Indices.Count != 1 || inner.Indices[0].Step is not null || inner.Body.Count != 5) return null;
        var k = inner.Indices[0];
        var mul = inner.Body[4];
        if (mul.Op != Opcode.Mul || mul.Result.DType != DType.F32 || mul.Result != inner.Yield || mul.Args.Count != 2) return null;
        var defs = inner.Body.Take(4).ToDictionary(i => i.Result.Name, StringComparer.Ordinal);
        if (defs.Count != 4) return null;
        var loads = new List<Instr>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operand in mul.Args)
        {
            if (!defs.TryGetValue(operand.Name, out var cast) || cast.Op != Opcode.Cast || cast.Args.Count != 1
                || cast.Result.DType != DType.F32 || !defs.TryGetValue(cast.Args[0].Name, out var load) || load.Op != Opcode.Load)
                return null;
            if (!used.Add(cast.Result.Name) || !used.Add(load.Result.Name)) return null;
            loads.Add(load);
        }
        if (used.Count != 4) return null;
        Instr? a = loads.FirstOrDefault(l => Indexes(l, m.Var, k.Var)), b = loads.FirstOrDefault(l => Indexes(l, k.Var, n.Var));
        if (a is null || b is null || ReferenceEquals(a, b)) return null;
        var h = a.Result.DType;
        if (h != DType.F16 && h != DType.BF16 || b.Result.DType != h) return null;
        var (ta, tb) = (a.Args[0], b.Args[0]);
        if (ta.DType != h || tb.DType != h) return null;
        if (!ta.Type.Shape.SequenceEqual([m.Extent, k.Extent]) || !tb.Type.Shape.SequenceEqual([k.Extent, n.Extent])) return null;
        return new MmaMatmulPattern(ta, tb, h, m.Extent, n.Extent, k.Extent);
    }

    /// <summary>load %T[%i, %j] with exactly these two index variables.</summary>
    private static bool Indexes(Instr load, Value i, Value j) =>
        load.Args.Count == 3 && load.Args[1] == i && load.Args[2] == j && load.Args[0].Type.Shape.Count == 2;
}
