using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;
using KernelC.Verifier.Ptx;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>The rounded integer of the lowering domain (<see cref="RoundedIntRules"/>): the IR's cast f32 → i8 (rn,
/// saturating) and the PTX's cvt.rni.s32.f32 + max.s32 -128 + min.s32 127 meet as ONE atom; a different mode, clamp
/// or argument is another atom (and the solver refutes their equality); a clamp into a wider range is the value
/// itself; the value reaches a float only through a conversion, and every other use throws.</summary>
public class RoundedIntTests
{
    private static (RealFormDomain D, LoweringPtxDomain P, SymVal X, SymVal Y) Vars()
    {
        var d = new RealFormDomain(new RealForms());
        return (d, new LoweringPtxDomain(d), d.Real(d.Forms.Var(Const("x", Sort.Real))), d.Real(d.Forms.Var(Const("y", Sort.Real))));
    }

    // the emitter's idiom: cvt.rni.s32.f32, max.s32 lo, min.s32 hi (through the PTX semantics table)
    private static PtxValue<SymVal> PtxRound(PtxSemantics<SymVal> s, SymVal x, string mode = "rni", long lo = -128, long hi = 127)
    {
        var r = s.Cvt(Form($"cvt.{mode}.s32.f32"), PtxValue<SymVal>.OfFloat(x, DType.F32));
        r = s.Binary(Form("max.s32"), r, PtxValue<SymVal>.OfBits(unchecked((ulong)lo) & 0xFFFF_FFFF));
        return s.Binary(Form("min.s32"), r, PtxValue<SymVal>.OfBits(unchecked((ulong)hi) & 0xFFFF_FFFF));
    }

    private static PtxForm Form(string spelling)
    {
        var parts = spelling.Split('.');
        int operands = parts[0] == "cvt" ? 2 : 3;
        var ops = Enumerable.Range(0, operands).Select(i => (PtxOperand)new PtxOperand.Register("%r" + i));
        var f = PtxDecoder.Decode(new PtxInstruction(null, parts[0], new EqArray<string>(parts.Skip(1)), new EqArray<PtxOperand>(ops), 1, 1), out var e);
        Assert.True(f is not null, e?.Message);
        return f!;
    }

    [Fact]
    public void The_IR_cast_to_i8_and_the_PTX_cvt_rni_with_its_clamp_are_the_same_atom()
    {
        var (d, p, x, _) = Vars();
        var ir = d.Convert(x, DType.F32, DType.I8, RoundingMode.NearestEven);
        var r = Assert.IsType<SymVal.RoundedInt>(ir);
        Assert.Equal((-128L, 127L), (r.Atom.Lo, r.Atom.Hi));
        var ptx = PtxRound(new PtxSemantics<SymVal>(p), x);
        Assert.Equal(PtxValueKind.Float, ptx.Kind);
        Assert.Equal(ir, ptx.Value);
        // min then max is the same clamp
        var s = new PtxSemantics<SymVal>(p);
        var c = s.Cvt(Form("cvt.rni.s32.f32"), PtxValue<SymVal>.OfFloat(x, DType.F32));
        c = s.Binary(Form("min.s32"), c, PtxValue<SymVal>.OfBits(127));
        c = s.Binary(Form("max.s32"), c, PtxValue<SymVal>.OfBits(unchecked((ulong)-128) & 0xFFFF_FFFF));
        Assert.Equal(ir, c.Value);
        // back to a float: the atom's real value, the same on both sides
        var irF = d.Convert(ir, DType.I8, DType.F32, RoundingMode.NearestEven);
        var ptxF = s.Cvt(Form("cvt.rn.f32.s32"), ptx);
        Assert.Equal(irF, ptxF.Value);
        Assert.IsType<SymVal.Real>(irF);
    }

    [Fact]
    public void A_clamp_into_a_wider_range_is_the_value_itself_and_a_clamp_past_the_range_is_a_constant()
    {
        var (d, _, x, _) = Vars();
        var r = d.Convert(x, DType.F32, DType.I8, RoundingMode.NearestEven);
        Assert.Equal(r, d.Max(r, d.Const(-200, DType.I32), DType.I32));
        Assert.Equal(r, d.Min(d.Const(1000, DType.I32), r, DType.I32));
        Assert.Equal(r, d.Max(r, d.Const(-128, DType.I32), DType.I32));
        Assert.Equal(new SymVal.Int(127), d.Max(r, d.Const(127, DType.I32), DType.I32));   // clamp into [127, 127]
        Assert.Equal(new SymVal.Int(200), d.Max(r, d.Const(200, DType.I32), DType.I32));
        Assert.Equal(new SymVal.Int(-128), d.Min(r, d.Const(-128, DType.I32), DType.I32));
        // a narrower clamp is another value
        var narrow = Assert.IsType<SymVal.RoundedInt>(d.Min(r, d.Const(126, DType.I32), DType.I32));
        Assert.Equal((-128L, 126L), (narrow.Atom.Lo, narrow.Atom.Hi));
        // i8 → i32 → i8 keeps it (its range fits both)
        Assert.Equal(r, d.Convert(d.Convert(r, DType.I8, DType.I32, RoundingMode.TowardZero), DType.I32, DType.I8, RoundingMode.TowardZero));
    }

    [Fact]
    public void Another_mode_clamp_or_argument_is_another_atom_and_the_solver_refutes_equality()
    {
        var (d, p, x, y) = Vars();
        var s = new PtxSemantics<SymVal>(p);
        var ir = d.Convert(x, DType.F32, DType.I8, RoundingMode.NearestEven);
        var others = new[]
        {
            PtxRound(s, x, mode: "rzi").Value!,   // round toward zero
            PtxRound(s, x, hi: 126).Value!,       // clamped to 126
            PtxRound(s, y).Value!,                // another argument
        };
        var irReal = (SymVal.Real)d.Convert(ir, DType.I8, DType.F32, RoundingMode.NearestEven);
        foreach (var o in others)
        {
            Assert.NotEqual(ir, o);
            var oReal = (SymVal.Real)d.Convert(o, DType.I32, DType.F32, RoundingMode.NearestEven);
            var claim = Eq(d.Forms.ToTerm(irReal.Value), d.Forms.ToTerm(oReal.Value));
            var ob = new Obligation("rounded", EqArray.Of(Const("x", Sort.Real), Const("y", Sort.Real)), EqArray<Term>.Empty, claim);
            Assert.IsType<Verdict.Refuted>(Prover.Prove(ob, new Z3Solver(), new SolverLimits(TimeoutMs: 10_000)).Verdict);
        }
        // the same computation is proved (the SMT term is the clamp of the uninterpreted round_rn_real)
        var same = (SymVal.Real)d.Convert(PtxRound(s, x).Value!, DType.I32, DType.F32, RoundingMode.NearestEven);
        var term = d.Forms.ToTerm(same.Value);
        Assert.Contains("round_rn_real", term.ToString(), StringComparison.Ordinal);
        var eq = new Obligation("same", EqArray.Of(Const("x", Sort.Real)), EqArray<Term>.Empty, Eq(d.Forms.ToTerm(irReal.Value), term));
        Assert.IsType<Verdict.Proved>(Prover.Prove(eq, new Z3Solver(), new SolverLimits(TimeoutMs: 10_000)).Verdict);
    }

    [Fact]
    public void A_constant_is_rounded_concretely_into_bits_at_every_width()
    {
        var (d, p, x, _) = Vars();
        Assert.Equal(new SymVal.Int(2), d.Convert(d.Const(2.5, DType.F32), DType.F32, DType.I8, RoundingMode.NearestEven));
        Assert.Equal(new SymVal.Int(127), d.Convert(d.Const(300, DType.F32), DType.F32, DType.I8, RoundingMode.NearestEven));
        var s = new PtxSemantics<SymVal>(p);
        var minus2p5 = PtxValue<SymVal>.OfFloat(d.Const(-2.5, DType.F32), DType.F32);
        Assert.Equal(PtxValue<SymVal>.OfBits(0xFFFF_FFFE), s.Cvt(Form("cvt.rni.s32.f32"), minus2p5));
        Assert.Equal(PtxValue<SymVal>.OfBits(0xFFFF_FFFF_FFFF_FFFD), s.Cvt(Form("cvt.rmi.s64.f32"), minus2p5));
        // a symbolic value at s64: the index range, clamped by max.s64 like at s32
        var wide = s.Cvt(Form("cvt.rni.s64.f32"), PtxValue<SymVal>.OfFloat(x, DType.F32));
        var r = Assert.IsType<SymVal.RoundedInt>(wide.Value);
        Assert.Equal((long.MinValue, long.MaxValue), (r.Atom.Lo, r.Atom.Hi));
        var clamped = s.Binary(Form("max.s64"), wide, PtxValue<SymVal>.OfBits(0));
        Assert.Equal(0L, Assert.IsType<SymVal.RoundedInt>(clamped.Value).Atom.Lo);
        // min(r, -1) with r ≥ 0 is the constant -1: 64-bit two's complement bits
        Assert.Equal(PtxValue<SymVal>.OfBits(ulong.MaxValue), s.Binary(Form("min.s64"), clamped, PtxValue<SymVal>.OfBits(ulong.MaxValue)));
    }

    [Fact]
    public void A_rounded_integer_is_data_only_every_other_use_throws()
    {
        var (d, p, x, _) = Vars();
        var r = d.Convert(x, DType.F32, DType.I8, RoundingMode.NearestEven);
        var wide = d.Convert(x, DType.F32, DType.I32, RoundingMode.NearestEven);
        Assert.Throws<NotSupportedException>(() => d.Add(r, d.Const(1, DType.I8), DType.I8));
        Assert.Throws<NotSupportedException>(() => d.Mul(r, r, DType.I8));
        Assert.Throws<NotSupportedException>(() => d.Neg(r, DType.I8));
        Assert.Throws<NotSupportedException>(() => d.Compare(CmpPred.Lt, r, d.Const(0, DType.I8), DType.I8)); // a branch
        Assert.Throws<NotSupportedException>(() => d.Convert(r, DType.I8, DType.Bool, RoundingMode.NearestEven));
        Assert.Throws<NotSupportedException>(() => d.Max(r, r, DType.I8));
        Assert.Throws<NotSupportedException>(() => d.Convert(wide, DType.I32, DType.I8, RoundingMode.TowardZero)); // a wrap
        // in the PTX table: an address or a branch predicate needs its bits, integer arithmetic too
        var s = new PtxSemantics<SymVal>(p);
        var v = PtxRound(s, x);
        Assert.Equal(Backend.Ptx.Interp.PtxFaultKind.Unsupported, PtxFaultKindOf(() => s.AsBits(v, 64)));
        Assert.Equal(Backend.Ptx.Interp.PtxFaultKind.Unsupported, PtxFaultKindOf(() => s.Setp(Form("setp.lt.s32"), v, PtxValue<SymVal>.OfBits(0))));
        Assert.Equal(Backend.Ptx.Interp.PtxFaultKind.Unsupported, PtxFaultKindOf(() => s.Binary(Form("add.s32"), v, PtxValue<SymVal>.OfBits(1))));
        Assert.Equal(Backend.Ptx.Interp.PtxFaultKind.Unsupported, PtxFaultKindOf(() => s.ForStore(v, PtxType.U8)));
        Assert.Equal(Backend.Ptx.Interp.PtxFaultKind.Unsupported, PtxFaultKindOf(() => s.Cvt(Form("cvt.rn.f32.u32"), v)));
        // a store at s8 keeps it (its range is s8's); the s32-wide value does not fit s8
        Assert.Equal(v.Value, s.ForStore(v, PtxType.S8).Value);
        var w = s.Cvt(Form("cvt.rni.s32.f32"), PtxValue<SymVal>.OfFloat(x, DType.F32));
        Assert.Throws<NotSupportedException>(() => s.ForStore(w, PtxType.S8));
    }

    private static Backend.Ptx.Interp.PtxFaultKind PtxFaultKindOf(Action a) => Assert.Throws<PtxSemanticsException>(a).Kind;
}
