using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>What every record of one check shares: the pass, the rule and the hashes of the IR before and after
/// (recomputed by the checker, equal to the certificate's).</summary>
internal sealed record CheckContext(string Pass, CertificateRule Rule, string BeforeHash, string AfterHash)
{
    public ObligationRecord Record(string name, Kernel k, string output, string claim, string sizes, string semantics,
        string tolerance) =>
        new(name, Pass, Rule.Name(), k.Name, output, claim, sizes, semantics, tolerance, BeforeHash, AfterHash, "");
}
