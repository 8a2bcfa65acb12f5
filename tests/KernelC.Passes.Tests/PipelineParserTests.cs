using KernelC.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;

namespace KernelC.Passes.Tests;

public sealed class PipelineParserTests
{
    private static (PipelineSpec? Spec, DiagnosticBag Diags) Parse(string text)
    {
        var diags = new DiagnosticBag();
        return (PipelineParser.Parse(text, "--pipeline", diags), diags);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("fuse", "fuse")]
    [InlineData(" fuse , tile( 64 ,64 ) ,quantize(f16)", "fuse,tile(64,64),quantize(f16)")]
    [InlineData("fuse,flash(64,64),tile(64),quantize(f16)", "fuse,flash(64,64),tile(64),quantize(f16)")]
    [InlineData("my-plugin_pass2(a.b)", "my-plugin_pass2(a.b)")]
    public void Parses_and_prints_canonically(string text, string canonical)
    {
        var (spec, diags) = Parse(text);
        Assert.False(diags.HasErrors, string.Join("\n", diags.Items));
        Assert.Equal(canonical, spec!.ToString());
        Assert.Equal(spec, Parse(spec.ToString()).Spec);
    }

    [Fact]
    public void Arguments_are_kept_in_order()
    {
        var spec = Parse("tile(64,32)").Spec!;
        var pass = Assert.Single(spec.Passes);
        Assert.Equal("tile", pass.Name);
        Assert.Equal(64, pass.IntArg(0));
        Assert.Equal(32, pass.IntArg(1));
        Assert.Null(pass.IntArg(2));
    }

    [Theory]
    [InlineData("fuse,", 5)]
    [InlineData(",fuse", 0)]
    [InlineData("tile(64", 7)]
    [InlineData("tile()", 5)]
    [InlineData("tile(64,)", 8)]
    [InlineData("Fuse", 0)]
    [InlineData("fuse tile", 5)]
    [InlineData("fuse;tile", 4)]
    public void Bad_pipelines_are_KC0501_at_the_right_column(string text, int offset)
    {
        var (spec, diags) = Parse(text);
        Assert.Null(spec);
        var d = Assert.Single(diags.Items);
        Assert.Equal("KC0501", d.Id);
        Assert.Equal(offset + 1, d.Column);
        Assert.StartsWith("--pipeline:1:", d.Format());
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void Random_text_never_throws_and_either_parses_or_reports()
    {
        var chars = "fusetil(),64 qz_-.;F\t".ToCharArray();
        Prop.ForAll(Gen.ArrayOf(Gen.Elements(chars)).Select(a => new string(a)).ToArbitrary(), text =>
        {
            var (spec, diags) = Parse(text);
            return (spec is null) == diags.HasErrors && (spec is null || Parse(spec.ToString()).Spec == spec);
        }).Check(FuzzBudget.Config());
    }
}
