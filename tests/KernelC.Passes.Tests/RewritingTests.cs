using KernelC.IR;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests;

public sealed class RewritingTests
{
    private const string Twice = """
        kernel @k(%x: f32[N]) -> (y: f32[N])
            dims N {
          %a: f32[N] = compute [%i < N] {
            %0: f32 = load %x[%i]
            %1: f32 = exp %0
            yield %1
          }
          %y: f32[N] = compute [%j < N] {
            %2: f32 = load %a[%j]
            %3: f32 = load %a[%j]
            %4: f32 = add %2, %3
            yield %4
          }
          return %y
        }
        """;

    [Fact]
    public void Substitution_renames_definitions_and_uses_and_keeps_the_rest()
    {
        var k = TestIr.ParseIr(Twice).Kernels[0];
        var y = k.Body[1];
        var v2 = y.Body!.Body[0].Result;
        var renamed = new Value("z", v2.Type);
        var s = Substitution.Empty.With(v2, renamed);
        var r = s.Apply(y.Body);
        Assert.Equal(renamed, r.Body[0].Result);
        Assert.Equal(renamed, r.Body[2].Args[0]);
        Assert.Equal(y.Body.Body[2].Args[1], r.Body[2].Args[1]); // %3 unmapped: kept
        Assert.Equal(y.Body, Substitution.Empty.Apply(y.Body));
        Assert.NotEqual(y.Body, r);
    }

    [Fact]
    public void Fresh_names_are_new_plain_and_unique()
    {
        var names = FreshNames.For(TestIr.ParseIr(Twice).Kernels[0]);
        Assert.True(names.IsTaken("a") && names.IsTaken("j") && names.IsTaken("4") && names.IsTaken("x"));
        var seen = new HashSet<string>();
        for (int n = 0; n < 200; n++)
        {
            var f = names.Next(n % 2 == 0 ? "a" : "we!rd-name");
            Assert.Matches("^[A-Za-z0-9_]+$", f);
            Assert.True(seen.Add(f), f);
            Assert.NotEqual("a", f);
        }
    }

    [Fact]
    public void Inlining_copies_the_body_per_load_with_fresh_names()
    {
        var m = TestIr.ParseIr(Twice);
        var k = m.Kernels[0];
        var inlined = Inliner.Inline(k, "a", "y", FreshNames.For(k));
        var after = DeadComputes.Remove(inlined, out var removed);
        Assert.Equal(["a"], removed);
        var expected = """
            kernel @k(%x: f32[N]) -> (y: f32[N])
                dims N {
              %y: f32[N] = compute [%j < N] {
                %0_f1: f32 = load %x[%j]
                %1_f2: f32 = exp %0_f1
                %0_f3: f32 = load %x[%j]
                %1_f4: f32 = exp %0_f3
                %4: f32 = add %1_f2, %1_f4
                yield %4
              }
              return %y
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), IrPrinter.Print(after));
        TestIr.AssertValid(new Module(EqArray.Of(after)));
        Assert.Equal(TestIr.ParseIr(Twice), m); // the input is untouched
    }

    [Fact]
    public void Inlining_a_reduce_into_a_nested_load_renames_its_index_and_keeps_values()
    {
        var m = TestIr.ParseIr("""
            kernel @k(%x: f32[N, M], %w: f32[M]) -> (y: f32[N])
                dims N, M {
              %r: f32[N] = compute [%i < N] {
                %0: f32 = reduce.max [%c < M] {
                  %1: f32 = load %x[%i, %c]
                  yield %1
                }
                yield %0
              }
              %y: f32[N] = compute [%n < N] {
                %2: f32 = reduce.sum [%c_1 < M] {
                  %3: f32 = load %r[%n]
                  %4: f32 = load %w[%c_1]
                  %5: f32 = mul %3, %4
                  yield %5
                }
                %6: f32 = load %r[%n]
                yield %6
              }
              return %y
            }
            """);
        var k = m.Kernels[0];
        var after = DeadComputes.Remove(Inliner.Inline(k, "r", "y", FreshNames.For(k)));
        var fused = new Module(EqArray.Of(after));
        TestIr.AssertValid(fused);
        Assert.Single(after.Body);
        Assert.Empty(IrWalk.LoadsOf(after.Body[0].Body!.Body, "r"));
        // the copy's reduce binds a fresh index variable, not %c
        var indexNames = IrWalk.Instructions(after.Body[0].Body!.Body).Where(i => i.Op == Opcode.Reduce)
            .SelectMany(i => i.Body!.Indices).Select(iv => iv.Var.Name).ToList();
        Assert.Equal(3, indexNames.Count);
        Assert.Equal(indexNames.Count, indexNames.Distinct().Count());
        Assert.DoesNotContain("c", indexNames);
        var dims = new Dictionary<string, long> { ["N"] = 3, ["M"] = 4 };
        TestIr.AssertSameOutputs(k, after, dims, TestIr.RandomInputs(k, dims, new Random(7)));
    }

    [Fact]
    public void A_load_that_is_the_yield_is_replaced_by_the_copies_yield()
    {
        var k = TestIr.ParseIr("""
            kernel @k(%x: f32[N]) -> (y: f32[N])
                dims N {
              %a: f32[N] = compute [%i < N] {
                %0: f32 = load %x[%i]
                yield %0
              }
              %y: f32[N] = compute [%j < N] {
                %1: f32 = load %a[%j]
                yield %1
              }
              return %y
            }
            """).Kernels[0];
        var after = DeadComputes.Remove(Inliner.Inline(k, "a", "y", FreshNames.For(k)));
        var region = after.Body[0].Body!;
        Assert.Equal(region.Body[0].Result, region.Yield);
        Assert.Equal("x", region.Body[0].Args[0].Name);
        TestIr.AssertValid(new Module(EqArray.Of(after)));
    }

    [Fact]
    public void Dead_computes_go_but_outputs_stay_even_when_unread()
    {
        var k = TestIr.ParseIr("""
            kernel @k(%x: f32[N]) -> (p: f32[N], q: f32[N])
                dims N {
              %p: f32[N] = compute [%i < N] {
                %0: f32 = load %x[%i]
                yield %0
              }
              %d1: f32[N] = compute [%i_1 < N] {
                %1: f32 = load %x[%i_1]
                yield %1
              }
              %d2: f32[N] = compute [%i_2 < N] {
                %2: f32 = load %d1[%i_2]
                yield %2
              }
              %q: f32[N] = compute [%i_3 < N] {
                %3: f32 = load %x[%i_3]
                yield %3
              }
              return %p, %q
            }
            """).Kernels[0];
        var after = DeadComputes.Remove(k, out var removed);
        Assert.Equal(["d1", "d2"], removed);
        Assert.Equal(["p", "q"], after.Body.Select(c => c.Result.Name));
        Assert.Same(after, DeadComputes.Remove(after)); // nothing more to do: the same kernel
    }

    [Fact]
    public void Inlining_into_an_earlier_compute_is_a_compiler_bug()
    {
        var k = TestIr.ParseIr(Twice).Kernels[0];
        Assert.Throws<ArgumentException>(() => Inliner.Inline(k, "y", "a", FreshNames.For(k)));
    }
}
