using System.Reflection;
using System.Runtime.InteropServices;

namespace KernelC.Runtime.Cuda;

/// <summary>The one DllImport resolver of the KernelC.Runtime assembly: maps the placeholder library names of the
/// [DllImport] declarations to handles loaded explicitly by <see cref="Register"/> (never a search of the default
/// paths by the runtime, so "libcuda.so" without ".1" is never needed). A name not registered resolves to nothing,
/// and calling through it throws DllNotFoundException — a compiler bug, since every caller loads first.</summary>
internal static class NativeLibraries
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, (IntPtr Handle, string Name)> Handles = new(StringComparer.Ordinal);
    private static bool _installed;

    /// <summary>Loads the first of <paramref name="candidates"/> that loads and binds it to <paramref name="placeholder"/>;
    /// returns the handle, or zero. A placeholder is bound once: later calls return that library when it is one of the
    /// candidates, and zero otherwise (a [DllImport] already resolved cannot be rebound).</summary>
    public static IntPtr Register(string placeholder, IReadOnlyList<string> candidates, out string? loadedName)
    {
        lock (Gate)
        {
            loadedName = null;
            if (Handles.TryGetValue(placeholder, out var existing))
            {
                if (!candidates.Contains(existing.Name)) return IntPtr.Zero;
                loadedName = existing.Name;
                return existing.Handle;
            }
            foreach (var name in candidates)
            {
                if (!NativeLibrary.TryLoad(name, out var handle)) continue;
                if (!_installed)
                {
                    NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
                    _installed = true;
                }
                Handles[placeholder] = (handle, name);
                loadedName = name;
                return handle;
            }
            return IntPtr.Zero;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        lock (Gate) return Handles.TryGetValue(name, out var h) ? h.Handle : IntPtr.Zero;
    }
}
