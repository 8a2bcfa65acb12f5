using System.Reflection;
using System.Runtime.InteropServices;
using KernelC.IR;

namespace KernelC.Verifier.Solvers;

/// <summary>The minimal libz3 surface. Strings returned by Z3 belong to the context and are only valid until the
/// next call: callers copy them at once (<see cref="Str"/>).</summary>
internal static class Z3Native
{
    private const string Lib = "kernelc_z3";
    private static readonly object Gate = new();
    private static IntPtr _handle;

    /// <summary>Loads libz3.so.4 (then libz3.so) once, or throws <see cref="MissingDependencyException"/>.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero) return;
            if (!NativeLibrary.TryLoad("libz3.so.4", out var h) && !NativeLibrary.TryLoad("libz3.so", out h))
                throw new MissingDependencyException("Z3 (libz3.so.4)", "install it with `apt-get install libz3-4`");
            _handle = h;
            NativeLibrary.SetDllImportResolver(typeof(Z3Native).Assembly, Resolve);
            // Fixed seeds for every context of this process (the script also sets :random-seed).
            Z3_global_param_set("smt.random_seed", "0");
            Z3_global_param_set("sat.random_seed", "0");
        }
    }

    private static IntPtr Resolve(string name, Assembly asm, DllImportSearchPath? path) =>
        name == Lib ? _handle : IntPtr.Zero;

    public static string Str(IntPtr p) => p == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(p) ?? "";

    [DllImport(Lib)] public static extern IntPtr Z3_mk_config();
    [DllImport(Lib)] public static extern void Z3_del_config(IntPtr cfg);
    [DllImport(Lib)] public static extern void Z3_set_param_value(IntPtr cfg,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string id, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Lib)] public static extern void Z3_global_param_set(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string id, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Lib)] public static extern IntPtr Z3_mk_context(IntPtr cfg);
    [DllImport(Lib)] public static extern void Z3_del_context(IntPtr ctx);
    [DllImport(Lib)] public static extern void Z3_set_error_handler(IntPtr ctx, IntPtr handler);
    [DllImport(Lib)] public static extern IntPtr Z3_eval_smtlib2_string(IntPtr ctx, [MarshalAs(UnmanagedType.LPUTF8Str)] string str);
    [DllImport(Lib)] public static extern int Z3_get_error_code(IntPtr ctx);
    [DllImport(Lib)] public static extern IntPtr Z3_get_error_msg(IntPtr ctx, int code);
    [DllImport(Lib)] public static extern void Z3_interrupt(IntPtr ctx);
}
