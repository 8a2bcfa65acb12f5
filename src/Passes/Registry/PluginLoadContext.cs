using System.Reflection;
using System.Runtime.Loader;

namespace KernelC.Passes.Registry;

/// <summary>The load context of one plugin assembly. Invariant: KernelC.IR and KernelC.Passes always resolve to
/// the host's already-loaded assemblies, so a plugin's IPass is the host's IPass (one type identity). Other
/// dependencies resolve from the plugin's folder (its .deps.json), else from the default context.</summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Assembly[] Shared = [typeof(IPass).Assembly, typeof(KernelC.IR.Module).Assembly];
    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string pluginPath) : base("kernelc-plugin:" + Path.GetFileName(pluginPath), isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(pluginPath);
    }

    protected override Assembly? Load(AssemblyName name)
    {
        foreach (var a in Shared)
            if (string.Equals(a.GetName().Name, name.Name, StringComparison.Ordinal)) return a;
        var path = _resolver.ResolveAssemblyToPath(name);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
