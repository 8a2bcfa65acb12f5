using KernelC.IR;
using KernelC.Verifier.Checking;
using static KernelC.Checker.Tests.CheckerSupport;

namespace KernelC.Checker.Tests;

/// <summary>Rule congruence pinned against the mutants of CongruenceRule.cs examined on 2026-12-07
/// (docs/mutation.md): the exact records a bundle stores, the loop-level constructs it refuses, the load
/// obligations it plans and when it may not state a real-number claim.</summary>
public class MutationCongruenceTests
{
    private static string Line(ObligationOutcome o) =>
        $"{o.Record.Name}: {o.Record.Claim} | {o.Record.Sizes} | {o.Record.Semantics} | {o.Record.Tolerance}";

    [Fact]
    public void The_records_of_a_reassociation_are_exactly_the_texts_a_bundle_stores()
    {
        // three loads of f32[N] tensors at idx0 share one in-bounds condition: one obligation, named after the first
        var r = Check(Programs.SumLeft, Programs.SumRight);
        Assert.Equal(new[]
        {
            "k.y.equal: for all N with 1 <= each <= 2^31, and every index (idx0) of y: y[idx0] computed by the IR after is "
                + "bit for bit the value the IR before computes (SMT =: NaN = NaN, +0 != -0) | all | IEEE f32 bit-exact | 0 (bit-exact)",
            "k.y.equal-reals: for all N with 1 <= each <= 2^31, and every index (idx0) of y: y[idx0] computed by the IR after "
                + "equals the value the IR before computes in real arithmetic (rounding ignored) | all | reals "
                + "| none established: floating-point results may differ",
            "k.y.load-in-bounds.0: for all N with 1 <= each <= 2^31: the load of %a[idx0] made in computing y is inside f32[N] "
                + "on every axis | all | 64-bit two's complement index arithmetic | n/a",
        }, r.Obligations.Select(Line));
    }

    [Fact]
    public void Load_obligations_are_numbered_from_0_and_state_the_where_clause()
    {
        var r = Check(Programs.ScoresHonest, Programs.ScoresHonest);
        Assert.True(r.Passed, Summary(r));
        Assert.Equal(new[]
        {
            "scores.s.equal: for all N, D with 1 <= each <= 2^31 and D in {4, 8}, and every index (idx0, idx1) of s: s[idx0, idx1] "
                + "computed by the IR after is bit for bit the value the IR before computes (SMT =: NaN = NaN, +0 != -0) | all "
                + "| IEEE f32 bit-exact | 0 (bit-exact)",
            "scores.s.load-in-bounds.0: for all N, D with 1 <= each <= 2^31 and D in {4, 8}: the load of %q[idx0, rb1_0] made in "
                + "computing s is inside f32[N, D] on every axis | all | 64-bit two's complement index arithmetic | n/a",
            "scores.s.load-in-bounds.1: for all N, D with 1 <= each <= 2^31 and D in {4, 8}: the load of %k[idx1, rb1_0] made in "
                + "computing s is inside f32[N, D] on every axis | all | 64-bit two's complement index arithmetic | n/a",
        }, r.Obligations.Select(Line));
    }

    [Fact]
    public void A_kernel_without_dims_is_claimed_for_all_inputs()
    {
        const string fixedSize = """
            kernel @k(%x: f32[4]) -> (y: f32[4]) {
              %y: f32[4] = compute [%i < 4] {
                %0: f32 = load %x[%i]
                %1: f32 = add %0, %0
                yield %1
              }
              return %y
            }
            """;
        var r = Check(fixedSize, fixedSize);
        Assert.True(r.Passed, Summary(r));
        Assert.StartsWith("for all inputs, and every index (idx0) of y: ", Outcome(r, "k.y.equal").Record.Claim);
        Assert.StartsWith("for all inputs: the load of %x[idx0]", Outcome(r, "k.y.load-in-bounds.0").Record.Claim);
    }

    private static string InCompute(string body) => $$"""
        kernel @k(%x: f32[N]) -> (y: f32[N])
            dims N {
          %y: f32[N] = compute [%i < N] {
        {{body}}
          }
          return %y
        }
        """;

    // a for loop inside a reduce: found through the nesting
    private static readonly string ForLoop = InCompute("""
            %r: f32 = reduce.sum [%j < 2] {
              %n: index = const 2
              %z: f32 = const 0
              %s: f32 = for %kb < %n step 1 carry (%a = %z) {
                %0: f32 = load %x[%i]
                %1: f32 = add %a, %0
                next %1
              }
              yield %s
            }
            yield %r
        """);

    private static readonly string LocalCompute = InCompute("""
            %t: f32[2] = compute [%r < 2] {
              %0: f32 = load %x[%i]
              yield %0
            }
            %c0: index = const 0
            %1: f32 = load %t[%c0]
            yield %1
        """);

    private static readonly string SteppedReduce = InCompute("""
            %0: f32 = reduce.sum [%kb < N step 2] {
              %1: f32 = load %x[%kb]
              yield %1
            }
            yield %0
        """);

    public static TheoryData<string, string> LoopLevel => new()
    {
        { "for", "for (%s)" },
        { "local compute", "compute (%t)" },
        { "stepped reduce", "reduce with a stepped index (%kb)" },
    };

    [Theory]
    [MemberData(nameof(LoopLevel))]
    public void Loop_level_constructs_inside_a_compute_are_refused_by_name(string construct, string described)
    {
        var program = construct switch { "for" => ForLoop, "local compute" => LocalCompute, _ => SteppedReduce };
        var r = Check(Programs.Times2, program);
        Assert.Equal($"rule congruence does not support op {described} (loop-level IR) in @k; use rule bounded", r.Rejection);
        Assert.Empty(r.Obligations);
    }

    // y = max(reassociated a + b + c, -inf): IEEE-refuted like the plain reassociation, but -inf has no real value
    private static string WithInf(string sum) =>
        sum.Replace("yield %4", "%5: f32 = const -inf\n    %6: f32 = max %4, %5\n    yield %6", StringComparison.Ordinal);

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void No_real_number_fallback_is_planned_when_either_side_has_an_infinite_constant(bool infBefore, bool infAfter)
    {
        var before = infBefore ? WithInf(Programs.SumLeft) : Programs.SumLeft;
        var after = infAfter ? WithInf(Programs.SumRight) : Programs.SumRight;
        Assert.Contains("const -inf", infBefore ? before : after);
        var r = Check(before, after);
        AssertRefutedWithReplay(r, "k.y.equal", before, after);
        Assert.DoesNotContain(r.Obligations, o => o.Record.Name == "k.y.equal-reals");
    }

    [Fact]
    public void Rule_conversion_plans_the_bit_exact_claim_against_its_expected_kernel_and_the_loads_but_no_reals()
    {
        var after = Programs.Elementwise("""
                %0: f32 = load %x[%i]
                %h: f16 = cast.rn %0
                %w: f32 = cast.rn %h
                %1: f32 = const 2
                %2: f32 = mul %w, %1
                yield %2
            """);
        var r = Check(Programs.Times2, after, CertificateRule.Conversion,
            ("param", "x:f16:rn"), ("range", "2^-14..65504"), ("tolerance", "2^-11"));
        Assert.True(r.Passed, Summary(r));
        Assert.Equal(new[] { "k.y.equal", "k.y.load-in-bounds.0" },
            r.Obligations.Select(o => o.Record.Name).Where(n => n.StartsWith("k.y.", StringComparison.Ordinal)));
        Assert.Equal("for all N with 1 <= each <= 2^31, and every index (idx0) of y: y[idx0] computed by the IR after is bit for "
            + "bit the value the IR before with every load of x read as f32(f16.rn(x[..])) computes (SMT =: NaN = NaN, +0 != -0)",
            Outcome(r, "k.y.equal").Record.Claim);
    }

    // the IEEE claim is replayed bit for bit, never with the reals margin: -0 and +0 differ by 0 yet are different bits
    [Fact]
    public void X_plus_0_is_not_x_bit_exactly_it_differs_at_minus_0()
    {
        var plus0 = MutationReplayerEdgeTests.WithConstant("add", "0");
        var same = Programs.Elementwise("""
                %0: f32 = load %x[%i]
                yield %0
            """);
        var r = Check(same, plus0);
        var cex = AssertRefutedWithReplay(r, "k.y.equal", same, plus0);
        Assert.Equal(long.MinValue, BitConverter.DoubleToInt64Bits(cex.Before)); // -0 before
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(cex.After));             // +0 after
    }
}
