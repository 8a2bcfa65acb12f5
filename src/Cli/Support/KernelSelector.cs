using KernelC.IR;

namespace KernelC.Cli.Support;

public static class KernelSelector
{
    /// <summary>The kernel named by --kernel, or the only kernel of the module when no name is given.</summary>
    public static Kernel? Select(Module module, string? name, string file, DiagnosticBag diags)
    {
        var names = string.Join(", ", module.Kernels.Select(k => k.Name));
        if (name is null)
        {
            if (module.Kernels.Count == 1) return module.Kernels[0];
            diags.Error("KC0011", file, module.Kernels.Count == 0
                ? "the file defines no kernel"
                : $"the file defines several kernels ({names}): choose one with --kernel NAME");
            return null;
        }
        var k = module.Find(name);
        if (k is null) diags.Error("KC0012", file, $"no kernel named '{name}' (the file defines: {names})");
        return k;
    }
}
