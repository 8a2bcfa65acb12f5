namespace KernelC.IR;

/// <summary>Checks the IR's structural and typing rules (SSA, scope, region placement, op typing). Run after
/// lowering and after every pass: a finding there is a compiler bug. The IR text parser reports the findings as
/// diagnostics. Returns messages naming the kernel and value; an empty list means valid.</summary>
public static class IrVerifier
{
    public static IReadOnlyList<string> Verify(Module m) => Detailed(m).Select(e => e.ToString()).ToList();

    public static IReadOnlyList<string> Verify(Kernel k) => Detailed(k).Select(e => e.ToString()).ToList();

    internal static List<VerifierError> Detailed(Module m)
    {
        var errors = new List<VerifierError>();
        var names = new HashSet<string>();
        foreach (var k in m.Kernels)
        {
            if (!names.Add(k.Name)) errors.Add(new VerifierError(k.Name, null, "a kernel with this name is already defined"));
            errors.AddRange(Detailed(k));
        }
        return errors;
    }

    internal static List<VerifierError> Detailed(Kernel k) => new KernelChecker(k).Run();
}
