using System.Reflection;
using KernelC.IR;

namespace KernelC.Passes.Registry;

/// <summary>Loads a plugin assembly in its own <see cref="PluginLoadContext"/> and instantiates every public
/// non-abstract class implementing <see cref="IPass"/> with a public parameterless constructor. Every failure is a
/// KC051x diagnostic with File = the dll path; nothing here throws for a bad plugin.</summary>
internal static class PluginLoader
{
    public static List<IPass>? Load(string dllPath, DiagnosticBag diags)
    {
        string full;
        try { full = Path.GetFullPath(dllPath); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            diags.Error(PassDiagnosticIds.PluginNotFound, dllPath, $"not a valid file path: {e.Message}");
            return null;
        }
        if (!File.Exists(full))
        {
            diags.Error(PassDiagnosticIds.PluginNotFound, dllPath,
                Directory.Exists(full) ? "the pass plugin path is a folder, not a .dll" : "the pass plugin file does not exist");
            return null;
        }
        Type[] types;
        try
        {
            var asm = new PluginLoadContext(full).LoadFromAssemblyPath(full);
            types = asm.GetExportedTypes();
        }
        catch (BadImageFormatException e)
        {
            diags.Error(PassDiagnosticIds.PluginNotAssembly, dllPath, $"not a loadable .NET assembly: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or IOException or UnauthorizedAccessException
                                      or TypeLoadException or ReflectionTypeLoadException or NotSupportedException)
        {
            diags.Error(PassDiagnosticIds.PluginNotAssembly, dllPath, $"the assembly or its types cannot be loaded: {e.Message}");
            return null;
        }
        var candidates = new List<Type>();
        var noCtor = new List<string>();
        foreach (var t in types)
        {
            if (!t.IsClass || t.IsAbstract || t.ContainsGenericParameters || !typeof(IPass).IsAssignableFrom(t)) continue;
            if (t.GetConstructor(Type.EmptyTypes) is null) noCtor.Add(t.FullName ?? t.Name);
            else candidates.Add(t);
        }
        if (candidates.Count == 0)
        {
            var why = noCtor.Count == 0 ? "" : $" ({string.Join(", ", noCtor)} lack a public parameterless constructor)";
            diags.Error(PassDiagnosticIds.PluginNoPasses, dllPath,
                $"the assembly has no public non-abstract class implementing KernelC.Passes.IPass with a public parameterless constructor{why}");
            return null;
        }
        var passes = new List<IPass>();
        foreach (var t in candidates.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            IPass pass;
            string? name;
            try
            {
                pass = (IPass)Activator.CreateInstance(t)!;
                name = pass.Name;
            }
            catch (Exception e)
            {
                var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
                diags.Error(PassDiagnosticIds.PluginConstructorThrew, dllPath,
                    $"creating pass class {t.FullName} threw {inner.GetType().Name}: {inner.Message}");
                continue;
            }
            if (!PassNames.IsValid(name))
            {
                diags.Error(PassDiagnosticIds.PluginBadName, dllPath,
                    $"pass class {t.FullName} has Name '{name}', which is not a pipeline name [a-z_][a-z0-9_-]*");
                continue;
            }
            passes.Add(pass);
        }
        return passes;
    }
}
