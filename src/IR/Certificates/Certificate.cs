namespace KernelC.IR;

/// <summary>What a pass claims about one step, as hints for the checker — never as a query to be trusted.
/// The checker regenerates every obligation from the IR before, the IR after and these hints; a hint can only help
/// a true claim get proved, never make a false one pass.
/// <para><see cref="BeforeHash"/>/<see cref="AfterHash"/> are SHA-256 (lower-case hex) of the printed IR text
/// (<c>IrPrinter.Print(module)</c>, UTF-8) the certificate is about: a certificate moved to another step is rejected.</para></summary>
public sealed record Certificate(
    string Pass,
    CertificateRule Rule,
    string BeforeHash,
    string AfterHash,
    EqArray<CertificateHint> Hints)
{
    public string? Hint(string key) => Hints.FirstOrDefault(h => h.Key == key)?.Value;
}

/// <summary>One hint: a key and a value, both plain text (a mapping of values, a tile map, an invariant).</summary>
public sealed record CertificateHint(string Key, string Value);

/// <summary>The certificate kinds of DESIGN.md, each with its own VC generator in the checker.</summary>
public enum CertificateRule
{
    /// <summary>Substitution/congruence (fusion): every output element equal for all sizes.</summary>
    Congruence,
    /// <summary>The fallback for any pass: every output element equal at small concrete sizes only.</summary>
    Bounded,
    /// <summary>Domain split (tiling).</summary>
    Tiling,
    /// <summary>Conversion bound (quantization).</summary>
    Conversion,
    /// <summary>Loop invariant (attention fusion).</summary>
    Invariant,
    /// <summary>IR to PTX.</summary>
    Lowering,
}

public static class CertificateRules
{
    public static string Name(this CertificateRule r) => r.ToString().ToLowerInvariant();

    public static bool TryParse(string s, out CertificateRule r)
    {
        foreach (var v in Enum.GetValues<CertificateRule>())
            if (v.Name() == s) { r = v; return true; }
        r = default;
        return false;
    }
}
