using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

public sealed partial class PtxSemantics<T>
{
    /// <summary>mma.sync.aligned.m16n8k16.row.col.f32.{f16|bf16}.{f16|bf16}.f32 for one warp: D = A·B + C with A 16×16,
    /// B 16×8, C and D 16×8 in f32. Fragments (PTX ISA, reference ptx-and-cuda.md), with g = lane / 4, t = lane % 4:
    /// A half i of lane (register i/2, low half for even i) is A[g + 8·(i∈{2,3,6,7})][2t + (i&amp;1) + 8·(i≥4)];
    /// B half i is B[2t + (i&amp;1) + 8·(i≥2)][g]; C/D element i is [g + 8·(i≥2)][2t + (i&amp;1)].
    /// Model of the accumulation (hardware order and intermediate precision are unspecified): products of two
    /// f16/bf16 values are exact in f32; d = fma(a[15], b[15], ... fma(a[0], b[0], c)) with k ascending, each fma
    /// rounded to f32 (RNE). Inputs: a: 32×4 registers, b: 32×2, c: 32×4 (lane-major); the result is 32×4.</summary>
    public PtxValue<T>[] Mma(PtxForm f, ReadOnlySpan<PtxValue<T>> a, ReadOnlySpan<PtxValue<T>> b, ReadOnlySpan<PtxValue<T>> c)
    {
        var h = FloatDType(f.Source);
        var A = new T[16, 16];
        var B = new T[16, 8];
        var C = new T[16, 8];
        for (int lane = 0; lane < 32; lane++)
        {
            int g = lane >> 2, t = lane & 3;
            for (int i = 0; i < 8; i++)
            {
                int row = g + ((i & 2) != 0 ? 8 : 0), col = 2 * t + (i & 1) + (i >= 4 ? 8 : 0);
                A[row, col] = Half(a[lane * 4 + i / 2], i & 1, h);
            }
            for (int i = 0; i < 4; i++)
                B[2 * t + (i & 1) + (i >= 2 ? 8 : 0), g] = Half(b[lane * 2 + i / 2], i & 1, h);
            for (int i = 0; i < 4; i++)
                C[g + (i >= 2 ? 8 : 0), 2 * t + (i & 1)] = AsFloat(c[lane * 4 + i], DType.F32);
        }
        var d = new PtxValue<T>[32 * 4];
        for (int lane = 0; lane < 32; lane++)
        {
            int g = lane >> 2, t = lane & 3;
            for (int i = 0; i < 4; i++)
            {
                int row = g + (i >= 2 ? 8 : 0), col = 2 * t + (i & 1);
                T acc = C[row, col];
                for (int k = 0; k < 16; k++) acc = Domain.Fma(A[row, k], B[k, col], acc, DType.F32);
                d[lane * 4 + i] = Float(acc, DType.F32);
            }
        }
        return d;
    }

    /// <summary>Half <paramref name="which"/> (0: bits 0–15, 1: bits 16–31) of a .b32 register as an f32 (exact).
    /// A Packed register's half that is a float of the mma's type h is that value; any other half is read by its bits.</summary>
    private T Half(PtxValue<T> reg, int which, DType h)
    {
        if (reg.Kind == PtxValueKind.Packed)
        {
            var half = which == 0 ? reg.Halves!.Lo : reg.Halves!.Hi;
            T x = half.Kind == PtxValueKind.Float && half.FloatType == h ? half.Value! : Domain.FromBits(AsBits(half, 16), h);
            return Domain.Convert(x, h, DType.F32, RoundingMode.NearestEven);
        }
        ulong bits = AsBits(reg, 32) >> (16 * which);
        return Domain.Convert(Domain.FromBits(bits & 0xFFFF, h), h, DType.F32, RoundingMode.NearestEven);
    }
}
