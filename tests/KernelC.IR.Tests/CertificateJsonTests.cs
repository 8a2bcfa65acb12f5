using KernelC.IR;

namespace KernelC.IR.Tests;

public sealed class CertificateJsonTests
{
    private static readonly string H1 = new('a', 64), H2 = new('0', 64);

    [Fact]
    public void Round_trips_and_writes_deterministically()
    {
        var c = new Certificate("fuse", CertificateRule.Congruence, H1, H2,
            EqArray.Of(new CertificateHint("inlined", "s0,e"), new CertificateHint("claim", "ieee")));
        var text = CertificateJson.Write(c);
        Assert.Equal(text, CertificateJson.Write(c));
        var diags = new DiagnosticBag();
        Assert.Equal(c, CertificateJson.Read(text, "c.json", diags));
        Assert.False(diags.HasErrors);
        Assert.StartsWith("{\n  \"pass\": \"fuse\",\n  \"rule\": \"congruence\",", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"pass\":\"fuse\"}")]
    [InlineData("{\"pass\":\"fuse\",\"rule\":\"magic\",\"before\":\"H1\",\"after\":\"H2\",\"hints\":[]}")]
    [InlineData("{\"pass\":\"fuse\",\"rule\":\"congruence\",\"before\":\"xyz\",\"after\":\"H2\",\"hints\":[]}")]
    [InlineData("{\"pass\":\"fuse\",\"rule\":\"congruence\",\"before\":\"H1\",\"after\":\"H2\",\"hints\":{}}")]
    [InlineData("{\"pass\":\"fuse\",\"rule\":\"congruence\",\"before\":\"H1\",\"after\":\"H2\",\"hints\":[{\"key\":1,\"value\":\"x\"}]}")]
    [InlineData("{\"pass\":\"fuse\",\"rule\":\"congruence\",\"before\":\"H1\",\"after\":\"H2\",\"hints\":[],\"extra\":0}")]
    [InlineData("{\"pass\":\"fuse\",\"pass\":\"tile\",\"rule\":\"congruence\",\"before\":\"H1\",\"after\":\"H2\",\"hints\":[]}")]
    [InlineData("{\"pass\":\"fuse\",\"rule\":\"congruence\",\"before\":\"H1\",\"after\":\"H2\",\"hints\":[[[[[[[[[[1]]]]]]]]]]}")]
    public void Malformed_certificates_are_KC0601(string text)
    {
        var diags = new DiagnosticBag();
        Assert.Null(CertificateJson.Read(text.Replace("H1", H1).Replace("H2", H2), "c.json", diags));
        Assert.Equal("KC0601", Assert.Single(diags.Items).Id);
    }
}
