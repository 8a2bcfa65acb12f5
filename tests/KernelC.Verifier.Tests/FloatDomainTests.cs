using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Verifier.Domains;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;
using static KernelC.Verifier.Tests.TestSupport;

namespace KernelC.Verifier.Tests;

/// <summary>The FloatDomain encoding agrees with concrete IEEE arithmetic: for random points, z3 proves the
/// symbolic result (on literals) equal, bit for bit, to the value computed here with .NET floats.</summary>
public class FloatDomainTests
{
    private static readonly FloatDomain D = new();
    private static readonly ISolver Z3 = new Z3Solver();
    private static Term L32(float f) => FpLit.FromDouble(f, Sort.F32);
    private static Term L16(Half h) => FpLit.FromDouble((double)h, Sort.F16);
    private static Term Lbf(float f) => FpLit.FromDouble(f, Sort.BF16);
    private static Term I32(int i) => new BvLit(i, 32);

    [Fact]
    public void F32_arithmetic_max_min_agree_with_ieee()
    {
        ForAll(Batch(F32.Two()), 8, pairs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var (a, b) in pairs)
            {
                Term A = L32(a), B = L32(b);
                cases.Add((D.Add(A, B, DType.F32), L32(a + b), $"{a:R} + {b:R}"));
                cases.Add((D.Sub(A, B, DType.F32), L32(a - b), $"{a:R} - {b:R}"));
                cases.Add((D.Mul(A, B, DType.F32), L32(a * b), $"{a:R} * {b:R}"));
                cases.Add((D.Div(A, B, DType.F32), L32(a / b), $"{a:R} / {b:R}"));
                cases.Add((D.Max(A, B, DType.F32), L32(MathF.Max(a, b)), $"max({a:R}, {b:R})"));
                cases.Add((D.Min(A, B, DType.F32), L32(MathF.Min(a, b)), $"min({a:R}, {b:R})"));
                cases.Add((D.Neg(A, DType.F32), L32(-a), $"-{a:R}"));
                cases.Add((D.Abs(A, DType.F32), L32(MathF.Abs(a)), $"|{a:R}|"));
            }
            AssertAllEqual(Z3, cases);
        });
    }

    [Fact]
    public void F32_comparisons_are_ieee()
    {
        ForAll(Batch(F32.Two()), 5, pairs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var (a, b) in pairs)
            {
                Term A = L32(a), B = L32(b);
                void C(CmpPred p, bool expected) => cases.Add((D.Compare(p, A, B, DType.F32), Terms.Bool(expected), $"{a:R} {p} {b:R}"));
                C(CmpPred.Lt, a < b); C(CmpPred.Le, a <= b); C(CmpPred.Gt, a > b);
                C(CmpPred.Ge, a >= b); C(CmpPred.Eq, a == b); C(CmpPred.Ne, a != b);
            }
            AssertAllEqual(Z3, cases);
        });
    }

    [Fact]
    public void F16_and_bf16_arithmetic_agree_with_ieee()
    {
        var halves = Gen.Choose(0, 0xFFFF).Select(i => BitConverter.UInt16BitsToHalf((ushort)i));
        var bf16s = Gen.Choose(0, 0xFFFF).Select(i => Oracles.Bf16FromBits((ushort)i));
        ForAll(Batch(halves.Two()), 5, pairs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var (a, b) in pairs)
            {
                double x = (double)a, y = (double)b; // f16 sums and products are exact in f64: one rounding
                cases.Add((D.Add(L16(a), L16(b), DType.F16), L16((Half)(x + y)), $"f16 {x} + {y}"));
                cases.Add((D.Mul(L16(a), L16(b), DType.F16), L16((Half)(x * y)), $"f16 {x} * {y}"));
                cases.Add((D.Div(L16(a), L16(b), DType.F16), L16((Half)(x / y)), $"f16 {x} / {y}"));
            }
            AssertAllEqual(Z3, cases);
        });
        ForAll(Batch(bf16s.Two()), 5, pairs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var (a, b) in pairs)
            {
                // f32 then bf16 rounding equals one bf16 rounding for + and * (24 >= 2*8+2).
                cases.Add((D.Add(Lbf(a), Lbf(b), DType.BF16), Lbf(Oracles.Bf16(a + b)), $"bf16 {a:R} + {b:R}"));
                cases.Add((D.Mul(Lbf(a), Lbf(b), DType.BF16), Lbf(Oracles.Bf16(a * b)), $"bf16 {a:R} * {b:R}"));
            }
            AssertAllEqual(Z3, cases);
        });
    }

    private static readonly double[] SpecialF64 =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.5, 1.5, 2.5, -2.5, -0.5, 2147483647.5,
        2147483648.0, -2147483648.0, -2147483649.0, 1e300, -1e-300, 65519.99, 65520.0, 3.4028235677973366e38,
    ];

    [Fact]
    public void Conversions_round_with_their_mode_and_saturate()
    {
        ForAll(Batch(F64), 6, xs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var x in xs.Concat(SpecialF64))
            {
                var X = FpLit.FromDouble(x, Sort.F64);
                float f = (float)x;
                cases.Add((D.Convert(X, DType.F64, DType.F32, RoundingMode.NearestEven), L32(f), $"f32.rn({x:R})"));
                cases.Add((D.Convert(X, DType.F64, DType.F32, RoundingMode.TowardZero), L32(Oracles.F32TowardZero(x)), $"f32.rz({x:R})"));
                cases.Add((D.Convert(X, DType.F64, DType.F16, RoundingMode.NearestEven), L16((Half)x), $"f16.rn({x:R})"));
                cases.Add((D.Convert(L32(f), DType.F32, DType.BF16, RoundingMode.NearestEven), Lbf(Oracles.Bf16(f)), $"bf16.rn({f:R})"));
                cases.Add((D.Convert(L32(f), DType.F32, DType.F64, RoundingMode.NearestEven), FpLit.FromDouble(f, Sort.F64), $"f64({f:R})"));
                cases.Add((D.Convert(X, DType.F64, DType.I32, RoundingMode.TowardZero), I32(Oracles.ToI32(x, Math.Truncate)), $"i32.rz({x:R})"));
                cases.Add((D.Convert(X, DType.F64, DType.I32, RoundingMode.NearestEven),
                    I32(Oracles.ToI32(x, v => Math.Round(v, MidpointRounding.ToEven))), $"i32.rn({x:R})"));
                cases.Add((D.Convert(L32(f), DType.F32, DType.I32, RoundingMode.Down), I32(Oracles.ToI32(f, Math.Floor)), $"i32.rm({f:R})"));
            }
            AssertAllEqual(Z3, cases);
        });
    }

    [Fact]
    public void I32_arithmetic_wraps_and_int_conversions_match_csharp()
    {
        var ints = Gen.OneOf(Gen.Choose(int.MinValue, int.MaxValue), Gen.Elements(0, 1, -1, int.MinValue, int.MaxValue, 7, -7));
        ForAll(Batch(ints.Two()), 5, pairs =>
        {
            var cases = new List<(Term, Term, string)>();
            foreach (var (a, b) in pairs)
            {
                Term A = I32(a), B = I32(b);
                cases.Add((D.Add(A, B, DType.I32), I32(unchecked(a + b)), $"{a} + {b}"));
                cases.Add((D.Sub(A, B, DType.I32), I32(unchecked(a - b)), $"{a} - {b}"));
                cases.Add((D.Mul(A, B, DType.I32), I32(unchecked(a * b)), $"{a} * {b}"));
                if (b != 0 && !(a == int.MinValue && b == -1))
                    cases.Add((D.Div(A, B, DType.I32), I32(a / b), $"{a} / {b}"));
                cases.Add((D.Max(A, B, DType.I32), I32(Math.Max(a, b)), $"max({a}, {b})"));
                cases.Add((D.Compare(CmpPred.Lt, A, B, DType.I32), Terms.Bool(a < b), $"{a} < {b}"));
                cases.Add((D.Convert(A, DType.I32, DType.I8, RoundingMode.NearestEven), new BvLit(unchecked((sbyte)a), 8), $"i8({a})"));
                cases.Add((D.Convert(A, DType.I32, DType.Index, RoundingMode.NearestEven), new BvLit(a, 64), $"index({a})"));
                cases.Add((D.Convert(A, DType.I32, DType.F32, RoundingMode.NearestEven), L32(a), $"f32({a})"));
            }
            AssertAllEqual(Z3, cases);
        });
    }

    [Fact]
    public void F32_addition_is_not_associative_and_the_counterexample_is_real()
    {
        var a = new SmtConst("a", Sort.F32); var b = new SmtConst("b", Sort.F32); var c = new SmtConst("c", Sort.F32);
        var left = D.Add(D.Add(a, b, DType.F32), c, DType.F32);
        var right = D.Add(a, D.Add(b, c, DType.F32), DType.F32);
        var o = new Obligation("assoc", EqArray.Of(a, b, c), EqArray<Term>.Empty, Terms.Eq(left, right));
        var m = Assert.IsType<Verdict.Refuted>(Prover.Prove(o, Z3, Limits).Verdict).Model;
        float x = (float)m.GetDouble("a")!.Value, y = (float)m.GetDouble("b")!.Value, z = (float)m.GetDouble("c")!.Value;
        Assert.False(Oracles.SameBits((x + y) + z, x + (y + z)), $"model {m} does not break associativity concretely");
    }

    [Fact]
    public void Max_of_opposite_zeros_is_positive_zero_and_the_wrong_claim_is_refuted()
    {
        var max = D.Max(L32(-0f), L32(0f), DType.F32);
        var ok = new Obligation("max0", EqArray<SmtConst>.Empty, EqArray<Term>.Empty, Terms.Eq(max, L32(0f)));
        var wrong = new Obligation("max0-wrong", EqArray<SmtConst>.Empty, EqArray<Term>.Empty, Terms.Eq(max, L32(-0f)));
        Assert.IsType<Verdict.Proved>(Prover.Prove(ok, Z3, Limits).Verdict);
        Assert.IsType<Verdict.Refuted>(Prover.Prove(wrong, Z3, Limits).Verdict);
    }

    [Fact]
    public void Ieee_equality_is_not_reflexive_nan_is_the_counterexample()
    {
        var x = new SmtConst("x", Sort.F32);
        var o = new Obligation("refl", EqArray.Of(x), EqArray<Term>.Empty, D.Compare(CmpPred.Eq, x, x, DType.F32));
        var m = Assert.IsType<Verdict.Refuted>(Prover.Prove(o, Z3, Limits).Verdict).Model;
        Assert.True(double.IsNaN(m.GetDouble("x")!.Value), $"model {m}");
    }

    [Fact]
    public void Transcendentals_are_recorded_uninterpreted_functions_with_no_facts()
    {
        var dom = new FloatDomain();
        var x = new SmtConst("x", Sort.F32);
        var e = dom.Apply(Opcode.Exp, x, DType.F32);
        Assert.Equal(["exp_f32"], dom.Functions.Used.Select(f => f.Name));
        // exp(x) > 0 does not follow from an uninterpreted function: the VC generator must add such facts.
        var o = new Obligation("exp-pos", EqArray.Of(x), EqArray<Term>.Empty, Terms.FpGt(e, L32(0f)));
        Assert.IsType<Verdict.Refuted>(Prover.Prove(o, Z3, Limits).Verdict);
    }

    [Cvc5Fact]
    public void Cvc5_agrees_on_f16_points_and_refutes_f32_associativity()
    {
        var cvc5 = new Cvc5Solver();
        var cases = new List<(Term, Term, string)>();
        foreach (var (x, y) in new[] { (1.5, 2.25), (65504.0, 32.0), (0.0001, -3.0), (6e-8, 6e-8) })
            cases.Add((D.Add(L16((Half)x), L16((Half)y), DType.F16), L16((Half)((double)(Half)x + (double)(Half)y)), $"{x}+{y}"));
        AssertAllEqual(cvc5, cases);
        var a = new SmtConst("a", Sort.F32); var b = new SmtConst("b", Sort.F32); var c = new SmtConst("c", Sort.F32);
        var o = new Obligation("assoc", EqArray.Of(a, b, c), EqArray<Term>.Empty,
            Terms.Eq(D.Add(D.Add(a, b, DType.F32), c, DType.F32), D.Add(a, D.Add(b, c, DType.F32), DType.F32)));
        var m = Assert.IsType<Verdict.Refuted>(Prover.Prove(o, cvc5, Limits).Verdict).Model;
        float p = (float)m.GetDouble("a")!.Value, q = (float)m.GetDouble("b")!.Value, r = (float)m.GetDouble("c")!.Value;
        Assert.False(Oracles.SameBits((p + q) + r, p + (q + r)), $"model {m}");
    }
}
