using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>THE instruction selection of the PTX backend: one table from (IR op, dtype) to PTX mnemonic. A pair
/// without a row is KC0801 at emission, never a fallback. Every float op that takes a rounding suffix carries .rn
/// (so ptxas cannot contract mul+add into fma); max/min are the .NaN forms (NaN if either operand is NaN, as in the
/// IR). Registers: f32 in .f32, f16/bf16 in .b16, index/i32/i8 in .b32 (i8 sign-extended), bool in .pred.
/// Load and Compute rows are the element loads and stores ({space} = global or shared).
/// Reductions use the Add/Max/Min rows of their dtype.</summary>
public static class PtxInstructionTable
{
    private static readonly Dictionary<PtxOpKey, PtxOpRule> Rows = Build();

    public static IReadOnlyDictionary<PtxOpKey, PtxOpRule> All => Rows;

    public static PtxOpRule? Find(PtxOpKey key) => Rows.GetValueOrDefault(key);

    private static Dictionary<PtxOpKey, PtxOpRule> Build()
    {
        var t = new Dictionary<PtxOpKey, PtxOpRule>();
        void Row(Opcode op, DType type, string mnemonic, PtxIdiom idiom = PtxIdiom.Single) =>
            t.Add(PtxOpKey.Of(op, type), new PtxOpRule(mnemonic, idiom));
        void Cast(DType from, DType to, string mnemonic, PtxIdiom idiom = PtxIdiom.Single) =>
            t.Add(new PtxOpKey(Opcode.Cast, to, from), new PtxOpRule(mnemonic, idiom));

        // f32: IEEE with explicit .rn; transcendentals by stated approximations
        Row(Opcode.Const, DType.F32, "mov.f32");
        Row(Opcode.Load, DType.F32, "ld.{space}.f32");
        Row(Opcode.Compute, DType.F32, "st.{space}.f32");
        Row(Opcode.Neg, DType.F32, "neg.f32");
        Row(Opcode.Abs, DType.F32, "abs.f32");
        Row(Opcode.Add, DType.F32, "add.rn.f32");
        Row(Opcode.Sub, DType.F32, "sub.rn.f32");
        Row(Opcode.Mul, DType.F32, "mul.rn.f32");
        Row(Opcode.Div, DType.F32, "div.rn.f32");
        Row(Opcode.Max, DType.F32, "max.NaN.f32");
        Row(Opcode.Min, DType.F32, "min.NaN.f32");
        Row(Opcode.Sqrt, DType.F32, "sqrt.rn.f32");
        Row(Opcode.Exp, DType.F32, "ex2.approx.f32", PtxIdiom.ExpViaEx2);
        Row(Opcode.Log, DType.F32, "lg2.approx.f32", PtxIdiom.LogViaLg2);
        Row(Opcode.Rsqrt, DType.F32, "sqrt.rn.f32", PtxIdiom.RsqrtViaSqrtDiv);
        Row(Opcode.Tanh, DType.F32, "tanh.approx.f32");
        Row(Opcode.Erf, DType.F32, "ex2.approx.f32", PtxIdiom.ErfPolynomial);
        Row(Opcode.Cmp, DType.F32, "setp.{pred}.f32");
        Row(Opcode.Select, DType.F32, "selp.f32");

        // f16 (sm_53+ arithmetic, sm_80 .NaN max/min); bf16 storage and conversion only on sm_80
        foreach (var h in new[] { DType.F16, DType.BF16 })
        {
            Row(Opcode.Const, h, "mov.b16");
            Row(Opcode.Load, h, "ld.{space}.b16");
            Row(Opcode.Compute, h, "st.{space}.b16");
            Row(Opcode.Select, h, "selp.b16");
        }
        Row(Opcode.Neg, DType.F16, "neg.f16");
        Row(Opcode.Abs, DType.F16, "abs.f16");
        Row(Opcode.Add, DType.F16, "add.rn.f16");
        Row(Opcode.Sub, DType.F16, "sub.rn.f16");
        Row(Opcode.Mul, DType.F16, "mul.rn.f16");
        Row(Opcode.Max, DType.F16, "max.NaN.f16");
        Row(Opcode.Min, DType.F16, "min.NaN.f16");
        Row(Opcode.Cmp, DType.F16, "setp.{pred}.f16");

        // integers: index and i32 are 32-bit two's complement in the emitted code
        foreach (var i in new[] { DType.Index, DType.I32 })
        {
            Row(Opcode.Const, i, "mov.b32");
            Row(Opcode.Neg, i, "neg.s32");
            Row(Opcode.Abs, i, "abs.s32");
            Row(Opcode.Add, i, "add.s32");
            Row(Opcode.Sub, i, "sub.s32");
            Row(Opcode.Mul, i, "mul.lo.s32");
            Row(Opcode.Max, i, "max.s32");
            Row(Opcode.Min, i, "min.s32");
            Row(Opcode.Cmp, i, "setp.{pred}.s32");
            Row(Opcode.Select, i, "selp.b32");
        }
        Row(Opcode.Load, DType.I32, "ld.{space}.s32");
        Row(Opcode.Compute, DType.I32, "st.{space}.s32");
        Row(Opcode.Const, DType.I8, "mov.b32");
        Row(Opcode.Load, DType.I8, "ld.{space}.s8");
        Row(Opcode.Compute, DType.I8, "st.{space}.s8");
        Row(Opcode.Select, DType.I8, "selp.b32");
        Row(Opcode.Cmp, DType.I8, "setp.{pred}.s32");

        // bool: predicates
        Row(Opcode.Const, DType.Bool, "setp.ne.s32", PtxIdiom.BoolConst);
        Row(Opcode.And, DType.Bool, "and.pred");
        Row(Opcode.Or, DType.Bool, "or.pred");
        Row(Opcode.Not, DType.Bool, "not.pred");
        Row(Opcode.Select, DType.Bool, "and.pred", PtxIdiom.BoolSelect);

        // casts: widening is exact (no rounding suffix), narrowing carries the IR's rounding mode
        Cast(DType.F16, DType.F32, "cvt.f32.f16");
        Cast(DType.BF16, DType.F32, "cvt.f32.bf16");
        Cast(DType.F32, DType.F16, "cvt.{rnd}.f16.f32");
        Cast(DType.F32, DType.BF16, "cvt.{rnd}.bf16.f32");
        foreach (var i in new[] { DType.Index, DType.I32, DType.I8 })
        {
            Cast(i, DType.F32, "cvt.{rnd}.f32.s32");
            foreach (var j in new[] { DType.Index, DType.I32 })
                if (i != j) Cast(i, j, "mov.b32", PtxIdiom.IntMove);
        }
        Cast(DType.F32, DType.Index, "cvt.{rnd}i.s32.f32");
        Cast(DType.F32, DType.I32, "cvt.{rnd}i.s32.f32");
        Cast(DType.F32, DType.I8, "cvt.{rnd}i.s32.f32", PtxIdiom.ToI8Saturating);
        return t;
    }
}
