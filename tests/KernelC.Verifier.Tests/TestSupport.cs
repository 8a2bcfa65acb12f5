using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;
using KernelC.Verifier.Smt;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Tests;

internal static class TestSupport
{
    public static readonly SolverLimits Limits = new(TimeoutMs: 20_000);

    /// <summary>Proves that every (symbolic, expected) pair is equal under SMT `=` (bit identity: NaN = NaN,
    /// +0 ≠ -0). On failure, finds the first pair that differs and names it.</summary>
    public static void AssertAllEqual(ISolver solver, IReadOnlyList<(Term Got, Term Expected, string What)> cases)
    {
        var claim = Terms.And(cases.Select(c => Terms.Eq(c.Got, c.Expected)).ToArray());
        var o = new Obligation("points", EqArray<SmtConst>.Empty, EqArray<Term>.Empty, claim);
        var v = Prover.Prove(o, solver, Limits).Verdict;
        if (v is Verdict.Proved) return;
        foreach (var c in cases)
        {
            var one = Prover.Prove(new Obligation("point", EqArray<SmtConst>.Empty, EqArray<Term>.Empty,
                Terms.Eq(c.Got, c.Expected)), solver, Limits).Verdict;
            if (one is not Verdict.Proved)
                Assert.Fail($"{c.What}: expected {SmtPrinter.Print(c.Expected)}, verdict {one}");
        }
        Assert.Fail($"batch verdict {v} but every point proved alone");
    }

    private static readonly float[] SpecialF32 =
    [
        0f, -0f, 1f, -1f, 0.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue,
        -float.MaxValue, float.Epsilon, -float.Epsilon, 1.17549435e-38f, 3f, 1e-40f, 16777216f, 16777217f, 65504f, 65520f,
    ];

    /// <summary>f32 values: arbitrary bit patterns (NaN, subnormals, infinities included) and special values.</summary>
    public static Gen<float> F32 =>
        Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle),
            Gen.Elements(SpecialF32),
            Gen.Choose(-1000, 1000).Select(i => i / 8f));

    public static Gen<double> F64 =>
        Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2)),
            F32.Select(f => (double)f),
            Gen.Choose(-100000, 100000).Select(i => i / 1024.0 + i * 1e-9));

    public static Gen<T[]> Batch<T>(Gen<T> g) => Gen.ArrayOf(g, 12);

    /// <summary>Runs a property over <paramref name="runs"/> random batches (each batch is one solver query).</summary>
    public static void ForAll<T>(Gen<T[]> gen, int runs, Action<T[]> check) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs),
            Prop.ForAll(Arb.From(gen), (T[] xs) => { check(xs); }));
}
