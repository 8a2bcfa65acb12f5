using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using KernelC.Verifier.Checking;

namespace KernelC.Checker.Tests.Lowering;

/// <summary>The checker trusts the PTX model, reader, semantics and block executor, never the backend that produced
/// the PTX: the Verifier assembly must not reference a type of KernelC.Backend.Ptx.Emit or .Program.</summary>
public class LoweringDependencyTests
{
    [Fact]
    public void The_verifier_references_no_emitter_or_program_type()
    {
        var path = typeof(LoweringCheck).Assembly.Location;
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var namespaces = md.TypeReferences.Select(h => md.GetString(md.GetTypeReference(h).Namespace)).Distinct().ToList();
        Assert.Contains("KernelC.Backend.Ptx.Semantics", namespaces); // the check sees the backend references at all
        Assert.DoesNotContain(namespaces, n => n.StartsWith("KernelC.Backend.Ptx.Emit", StringComparison.Ordinal)
            || n.StartsWith("KernelC.Backend.Ptx.Program", StringComparison.Ordinal));
        Assert.All(namespaces.Where(n => n.StartsWith("KernelC.Backend.Ptx", StringComparison.Ordinal)),
            n => Assert.Contains(n, new[] { "KernelC.Backend.Ptx.Model", "KernelC.Backend.Ptx.Reader", "KernelC.Backend.Ptx.Semantics", "KernelC.Backend.Ptx.Interp" }));
    }
}
