using System.Reflection;
using System.Reflection.Emit;
using KernelC.IR;
using Module = KernelC.IR.Module;

namespace KernelC.Passes.Tests;

/// <summary>One class of a generated plugin: its type name, the Name it returns, whether its constructor throws,
/// whether it implements IPass at all.</summary>
internal sealed record PluginClass(string TypeName, string PassName, bool CtorThrows = false, bool IsPass = true);

/// <summary>Writes small plugin assemblies with System.Reflection.Emit (PersistedAssemblyBuilder), so the loader's
/// failure cases are real .dll files without extra projects. Each pass's Run returns null.</summary>
internal static class PluginAssemblies
{
    public static string Write(string folder, string assemblyName, params PluginClass[] classes)
    {
        var ab = new PersistedAssemblyBuilder(new AssemblyName(assemblyName), typeof(object).Assembly);
        var mb = ab.DefineDynamicModule(assemblyName);
        foreach (var c in classes) Define(mb, c);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, assemblyName + ".dll");
        ab.Save(path);
        return path;
    }

    private static void Define(ModuleBuilder mb, PluginClass c)
    {
        var tb = mb.DefineType(c.TypeName, TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed,
            typeof(object), c.IsPass ? [typeof(IPass)] : Type.EmptyTypes);
        var ctor = tb.DefineConstructor(MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName
            | MethodAttributes.RTSpecialName, CallingConventions.Standard, Type.EmptyTypes);
        var il = ctor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes)!);
        if (c.CtorThrows)
        {
            il.Emit(OpCodes.Ldstr, "plugin constructor failed on purpose");
            il.Emit(OpCodes.Newobj, typeof(InvalidOperationException).GetConstructor([typeof(string)])!);
            il.Emit(OpCodes.Throw);
        }
        il.Emit(OpCodes.Ret);

        const MethodAttributes impl = MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.Final
            | MethodAttributes.HideBySig | MethodAttributes.NewSlot;
        var getName = tb.DefineMethod("get_Name", impl | MethodAttributes.SpecialName, typeof(string), Type.EmptyTypes);
        il = getName.GetILGenerator();
        il.Emit(OpCodes.Ldstr, c.PassName);
        il.Emit(OpCodes.Ret);
        var prop = tb.DefineProperty("Name", PropertyAttributes.None, typeof(string), null);
        prop.SetGetMethod(getName);

        var run = tb.DefineMethod("Run", impl, typeof(PassOutput), [typeof(Module), typeof(PassSpec), typeof(DiagnosticBag)]);
        il = run.GetILGenerator();
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ret);
        if (c.IsPass)
        {
            tb.DefineMethodOverride(getName, typeof(IPass).GetProperty(nameof(IPass.Name))!.GetMethod!);
            tb.DefineMethodOverride(run, typeof(IPass).GetMethod(nameof(IPass.Run))!);
        }
        tb.CreateType();
    }
}
