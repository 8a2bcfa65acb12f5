using KernelC.Backend.Ptx.Reader;
using KernelC.IR;
using KernelC.Verifier.Ptx;

namespace KernelC.Verifier.Checking;

/// <summary>The checker's entry for rule Lowering (IR → PTX). It believes nothing the backend says: it reads the PTX
/// text ITSELF with the strict PTX reader and the program file with its own reader (<see cref="LoweringProgram"/>),
/// and checks, before any solving:
///  1. the certificate names this step: BeforeHash = IrHash of the final IR, AfterHash = SHA-256 of the PTX text;
///     the program file's ptx_sha256 is the PTX text's hash too;
///  2. the final IR passes the IR verifier; the program's kernel is a kernel of it (hint kernel=, if given, agrees);
///  3. the PTX reads without any diagnostic;
///  4. <see cref="LoweringRule"/> generates the obligations (interface, sizes, both executions).
/// Hints: program=FILE (the program file's name, used in messages), kernel=NAME, sizes=N=64,D=64 (optional).</summary>
public static class LoweringCheck
{
    public static CheckReport Check(Module final, string ptxText, string programJson, Certificate cert, CheckOptions options) =>
        CheckEach(final, ptxText, programJson, cert, [options])[0];

    /// <summary>One report per options entry (e.g. per solver), in order. The obligations are generated ONCE (both
    /// executions and the normal forms do not depend on the solver) and each entry runs them with its solver; a
    /// rejection is the same report for every entry.</summary>
    public static IReadOnlyList<CheckReport> CheckEach(Module final, string ptxText, string programJson, Certificate cert,
        IReadOnlyList<CheckOptions> each)
    {
        if (each.Count == 0) throw new ArgumentException("no options to check with (compiler bug)", nameof(each));
        var (plan, rejection) = Plan(final, ptxText, programJson, cert, each[0]);
        if (rejection is not null) return each.Select(_ => new CheckReport(cert.Pass, cert.Rule, rejection, [])).ToList();
        return each.Select(o => new CheckReport(cert.Pass, cert.Rule, null, ObligationRunner.Run(plan!.Obligations!, o))).ToList();
    }

    private static (RulePlan? Plan, string? Rejection) Plan(Module final, string ptxText, string programJson, Certificate cert, CheckOptions options)
    {
        (RulePlan?, string?) Reject(string why) => (null, why);

        if (cert.Rule != CertificateRule.Lowering) return Reject($"rule '{cert.Rule.Name()}' is not lowering");
        string hb = IrHash.Of(final), ha = LoweringProgram.Sha256(ptxText);
        if (hb != cert.BeforeHash || ha != cert.AfterHash)
            return Reject($"certificate is for another step: it names IR {Short(cert.BeforeHash)} -> PTX {Short(cert.AfterHash)}, "
                + $"the files given are IR {Short(hb)} -> PTX {Short(ha)}");
        var (program, error) = LoweringProgram.Read(programJson);
        if (program is null) return Reject(error!);
        if (program.PtxSha256 != ha) return Reject("the program file's ptx_sha256 is not the SHA-256 of the PTX text");
        if (IrVerifier.Verify(final) is { Count: > 0 } bad) return Reject("the final IR is not valid: " + bad[0]);
        var kernel = final.Find(program.Kernel);
        if (kernel is null) return Reject($"the program is for kernel '{program.Kernel}', which the final IR does not have");
        if (cert.Hint("kernel") is { } named && named != kernel.Name) return Reject($"hint kernel={named}, the program is for {kernel.Name}");
        if (options.Kernels is { } only && !only.Contains(kernel.Name)) return Reject($"kernel @{kernel.Name} is not among the kernels to check");

        var diags = new DiagnosticBag();
        var file = cert.Hint("program") is { } pf ? Path.ChangeExtension(pf, null).Replace(".program", "") + ".ptx" : kernel.Name + ".ptx";
        var module = PtxReader.Read(ptxText, file, diags);
        if (module is null || diags.HasErrors)
            return Reject("the PTX does not pass the strict reader: " + (diags.Sorted().FirstOrDefault()?.ToString() ?? "no module"));

        var ctx = new CheckContext(cert.Pass, cert.Rule, hb, ha);
        var plan = LoweringRule.Plan(kernel, module, program, ctx, cert.Hint("sizes"));
        if (plan.Rejection is { } why) return Reject(why);
        return (plan, null);
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

/// <summary>What the backend attaches to its PTX (a hint only; the checker recomputes everything):
/// Certificate(Pass "ptx", Rule Lowering, BeforeHash = IrHash of the final IR, AfterHash = SHA-256 of the PTX text,
/// hints program=FILE, kernel=NAME[, sizes=...]).</summary>
public static class LoweringCertificate
{
    public const string Pass = "ptx";

    public static Certificate For(Module final, string kernel, string ptxText, string programFileName, string? sizes = null)
    {
        var hints = new List<CertificateHint> { new("program", programFileName), new("kernel", kernel) };
        if (sizes is not null) hints.Add(new("sizes", sizes));
        return new Certificate(Pass, CertificateRule.Lowering, IrHash.Of(final), LoweringProgram.Sha256(ptxText), hints.ToEqArray());
    }
}
