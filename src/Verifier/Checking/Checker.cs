using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>The independent certificate checker (trusted). It believes nothing a pass says:
///  1. the certificate must name this step: SHA-256 of IrPrinter.Print(before/after) equal to BeforeHash/AfterHash;
///  2. both modules must pass the IR verifier;
///  3. the interface must be unchanged (<see cref="InterfaceCheck"/>);
///  4. the obligations are generated from the two IRs by the rule's own generator (hints can only choose among
///     claims the checker knows: claim=reals, sizes=...), proved with the vacuity check first; only Proved passes,
///     and a refutation counts only when a concrete replay with the reference interpreter shows it.
/// Deterministic: the same inputs give the same SMT-LIB2 texts and records, in the same order.</summary>
public static class Checker
{
    public static CheckReport Check(Module before, Module after, Certificate cert, CheckOptions options)
    {
        CheckReport Reject(string why) => new(cert.Pass, cert.Rule, why, []);

        string hb = IrHash.Of(before), ha = IrHash.Of(after);
        if (hb != cert.BeforeHash || ha != cert.AfterHash)
            return Reject($"certificate is for another step: it names IR {Short(cert.BeforeHash)} -> {Short(cert.AfterHash)}, "
                + $"the IR given is {Short(hb)} -> {Short(ha)}");
        if (IrVerifier.Verify(before) is { Count: > 0 } fb) return Reject("the IR before is not valid: " + fb[0]);
        if (IrVerifier.Verify(after) is { Count: > 0 } fa) return Reject("the IR after is not valid: " + fa[0]);
        if (InterfaceCheck.Compare(before, after) is { } changed) return Reject(changed);

        var kernels = after.Kernels.Items.ToList();
        if (options.Kernels is { } only)
        {
            foreach (var n in only)
                if (after.Find(n) is null) return Reject($"no kernel @{n} to check");
            kernels = kernels.Where(k => only.Contains(k.Name)).ToList();
        }
        if (kernels.Count == 0) return Reject("there is no kernel to check");

        var ctx = new CheckContext(cert.Pass, cert.Rule, hb, ha);
        var plan = new List<PlannedObligation>();
        switch (cert.Rule)
        {
            case CertificateRule.Congruence:
            {
                var claim = cert.Hint("claim");
                if (claim is not (null or "ieee" or "reals")) return Reject($"hint claim={claim}: expected ieee or reals");
                foreach (var k in kernels)
                {
                    var kb = before.Find(k.Name)!;
                    if ((CongruenceRule.Unsupported(kb) ?? CongruenceRule.Unsupported(k)) is { } loopOp)
                        return Reject($"rule congruence does not support op {loopOp} (loop-level IR) in @{k.Name}; use rule bounded");
                    if (claim == "reals" && (CongruenceRule.HasNonFiniteConstant(kb) || CongruenceRule.HasNonFiniteConstant(k)))
                        return Reject($"hint claim=reals: @{k.Name} uses an inf or nan constant, which has no real value");
                    plan.AddRange(CongruenceRule.Plan(kb, k, ctx, realsOnly: claim == "reals"));
                }
                break;
            }
            case CertificateRule.Bounded:
                foreach (var k in kernels)
                {
                    var (p, why) = BoundedRule.Plan(before.Find(k.Name)!, k, ctx, cert.Hint("sizes"));
                    if (p is null) return Reject(why!);
                    plan.AddRange(p);
                }
                break;
            case CertificateRule.Tiling:
            case CertificateRule.Conversion:
            case CertificateRule.Invariant:
            {
                var rp = cert.Rule switch
                {
                    CertificateRule.Tiling => TilingRule.Plan(before, after, kernels, cert, ctx),
                    CertificateRule.Conversion => ConversionRule.Plan(before, after, kernels, cert, ctx),
                    _ => InvariantRule.Plan(before, after, kernels, cert, ctx),
                };
                if (rp.Rejection is { } why) return Reject(why);
                plan.AddRange(rp.Obligations!);
                break;
            }
            case CertificateRule.Lowering:
                return Reject("rule 'lowering' relates an IR to PTX files: it has no VC generator between two IR modules (use LoweringCheck.Check with the PTX and program files)");
            default:
                return Reject($"rule '{cert.Rule.Name()}' has no VC generator in this checker (supported: congruence, bounded, tiling, conversion, invariant)");
        }
        return new CheckReport(cert.Pass, cert.Rule, null, ObligationRunner.Run(plan, options));
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
