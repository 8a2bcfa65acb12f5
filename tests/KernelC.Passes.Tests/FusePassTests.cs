using KernelC.IR;
using KernelC.Passes.Fusion;
using KernelC.Passes.Rewriting;

namespace KernelC.Passes.Tests;

public sealed class FusePassTests
{
    private static readonly FusePass Fuse = new();

    private static string Computes(Module m) => string.Join(",", m.Kernels[0].Body.Select(c => c.Result.Name));

    [Theory]
    [InlineData("attention", "qk,e", "s,m,l,o")]
    [InlineData("causal_attention", "qk,e", "s,m,l,o")]
    [InlineData("softmax", "e", "m,z,y")]
    public void Fuses_the_examples_as_documented(string example, string inlined, string remaining)
    {
        var before = TestIr.Example(example);
        var out_ = TestIr.Run(Fuse, before);
        Assert.Equal(inlined, out_.Certificate.Hint(FusePass.InlinedHint));
        Assert.Equal(remaining, Computes(out_.Module));
        TestIr.AssertValid(out_.Module);
    }

    [Fact]
    public void The_scale_lands_in_the_matmul_that_makes_the_scores()
    {
        var s = TestIr.Run(Fuse, TestIr.Example("attention")).Module.Kernels[0].Body[0];
        Assert.Equal("s", s.Result.Name);
        var ops = s.Body!.Body.Select(i => i.Op).ToList();
        Assert.Equal(Opcode.Reduce, ops[0]);
        Assert.Contains(Opcode.Div, ops);
        Assert.Empty(IrWalk.LoadsOf(s.Body.Body, "qk"));
    }

    [Fact]
    public void Certificate_names_the_step_by_its_hashes()
    {
        var before = TestIr.Example("softmax");
        var out_ = TestIr.Run(Fuse, before);
        var c = out_.Certificate;
        Assert.Equal(("fuse", CertificateRule.Congruence), (c.Pass, c.Rule));
        Assert.Equal(IrHash.Of(before), c.BeforeHash);
        Assert.Equal(IrHash.Of(out_.Module), c.AfterHash);
        Assert.NotEqual(c.BeforeHash, c.AfterHash);
        // and it survives JSON
        var diags = new DiagnosticBag();
        Assert.Equal(c, CertificateJson.Read(CertificateJson.Write(c), "c.json", diags));
    }

    [Fact]
    public void No_change_still_gives_a_certificate_with_equal_hashes()
    {
        var before = TestIr.Example("matmul");
        var out_ = TestIr.Run(Fuse, before);
        Assert.Equal(before, out_.Module);
        Assert.Equal(out_.Certificate.BeforeHash, out_.Certificate.AfterHash);
        Assert.Equal("", out_.Certificate.Hint(FusePass.InlinedHint));
    }

    [Fact]
    public void Arguments_are_rejected_with_KC0503()
    {
        var diags = new DiagnosticBag();
        var spec = PipelineParser.Parse("fuse(2)", "--pipeline", diags)!.Passes[0];
        Assert.Null(Fuse.Run(TestIr.Example("softmax"), spec, diags));
        Assert.Equal("KC0503", Assert.Single(diags.Items).Id);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_fuses_to_valid_IR_with_bit_identical_outputs(string example)
    {
        var before = TestIr.Example(example);
        var after = TestIr.Run(Fuse, before).Module;
        TestIr.AssertValid(after);
        Assert.Equal(TestIr.Example(example), before); // input untouched
        foreach (var (k, kAfter) in before.Kernels.Zip(after.Kernels))
        {
            Assert.Equal(k.Returns, kAfter.Returns);
            var dims = TestIr.Dims(k, 3);
            TestIr.AssertSameOutputs(k, kAfter, dims, TestIr.RandomInputs(k, dims, new Random(example.Length)));
        }
    }

    public static TheoryData<string> Examples() => new(TestIr.ExampleNames);

    private const string Header = "kernel @k(%x: f32[N, N]) -> (y: f32[N, N])\n    dims N {\n";

    /// <summary>p[i, j] = sum[c] x[i, c] (a producer with a reduce), then the consumer text.</summary>
    private static Module ReduceProducer(string consumers) => TestIr.ParseIr(Header + """
          %p: f32[N, N] = compute [%i < N, %j < N] {
            %0: f32 = reduce.sum [%c < N] {
              %1: f32 = load %x[%i, %c]
              yield %1
            }
            yield %0
          }
        """ + consumers + "  return %y\n}\n");

    [Fact]
    public void A_reduce_producer_read_one_to_one_by_its_only_consumer_is_inlined()
    {
        var m = ReduceProducer("""
              %y: f32[N, N] = compute [%a < N, %b < N] {
                %2: f32 = load %p[%a, %b]
                %3: f32 = tanh %2
                yield %3
              }
            """);
        var out_ = TestIr.Run(Fuse, m);
        Assert.Equal("p", out_.Certificate.Hint("inlined"));
        Assert.Equal("y", Computes(out_.Module));
    }

    [Theory]
    [InlineData("transposed", """
          %y: f32[N, N] = compute [%a < N, %b < N] {
            %2: f32 = load %p[%b, %a]
            yield %2
          }
        """)]
    [InlineData("inside a reduce", """
          %y: f32[N, N] = compute [%a < N, %b < N] {
            %2: f32 = reduce.sum [%d < N] {
              %3: f32 = load %p[%a, %d]
              yield %3
            }
            yield %2
          }
        """)]
    [InlineData("own indices but inside a reduce (recomputed per d)", """
          %y: f32[N, N] = compute [%a < N, %b < N] {
            %2: f32 = reduce.sum [%d < N] {
              %3: f32 = load %p[%a, %b]
              %4: f32 = load %x[%d, %b]
              %5: f32 = mul %3, %4
              yield %5
            }
            yield %2
          }
        """)]
    [InlineData("loaded twice", """
          %y: f32[N, N] = compute [%a < N, %b < N] {
            %2: f32 = load %p[%a, %b]
            %3: f32 = load %p[%a, %b]
            %4: f32 = add %2, %3
            yield %4
          }
        """)]
    [InlineData("two consumers", """
          %q: f32[N, N] = compute [%a < N, %b < N] {
            %2: f32 = load %p[%a, %b]
            yield %2
          }
          %y: f32[N, N] = compute [%a_1 < N, %b_1 < N] {
            %3: f32 = load %p[%a_1, %b_1]
            %4: f32 = load %q[%a_1, %b_1]
            %5: f32 = add %3, %4
            yield %5
          }
        """)]
    public void A_reduce_producer_is_not_inlined_where_it_would_be_recomputed(string why, string consumers)
    {
        var out_ = TestIr.Run(Fuse, ReduceProducer(consumers));
        Assert.False(out_.Certificate.Hint("inlined")!.Split(',').Contains("p"), why);
        Assert.Equal("p", out_.Module.Kernels[0].Body[0].Result.Name);
        TestIr.AssertValid(out_.Module);
    }

    [Fact]
    public void Outputs_are_never_removed_even_when_inlinable()
    {
        var m = TestIr.ParseIr("""
            kernel @k(%x: f32[N]) -> (a: f32[N], y: f32[N])
                dims N {
              %a: f32[N] = compute [%i < N] {
                %0: f32 = load %x[%i]
                %1: f32 = exp %0
                yield %1
              }
              %y: f32[N] = compute [%j < N] {
                %2: f32 = load %a[%j]
                %3: f32 = neg %2
                yield %3
              }
              return %a, %y
            }
            """);
        var out_ = TestIr.Run(Fuse, m);
        Assert.Equal(m, out_.Module);
        Assert.Equal("", out_.Certificate.Hint("inlined"));
    }

    [Fact]
    public void Several_kernels_are_fused_independently_with_qualified_hints()
    {
        var m = new Module(EqArray.Of(TestIr.Example("softmax").Kernels[0], TestIr.Example("attention").Kernels[0]));
        var out_ = TestIr.Run(Fuse, m);
        Assert.Equal("softmax.e,attention.qk,attention.e", out_.Certificate.Hint("inlined"));
        TestIr.AssertValid(out_.Module);
    }
}
