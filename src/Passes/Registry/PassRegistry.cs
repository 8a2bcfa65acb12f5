using KernelC.IR;
using KernelC.Passes.Fusion;

namespace KernelC.Passes.Registry;

/// <summary>The passes a pipeline may name: the built-ins, then the passes of loaded plugins. Invariant: names are
/// unique and valid pipeline names. <see cref="Resolve"/> and <see cref="LoadPlugin"/> report problems as
/// KC05xx diagnostics and never throw for bad input.</summary>
public sealed class PassRegistry
{
    private readonly Dictionary<string, IPass> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _origin = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();

    /// <summary>The origin written for built-in passes in clash messages.</summary>
    public const string BuiltInOrigin = "built-in";

    /// <summary>A registry holding the built-in passes (fuse).</summary>
    public static PassRegistry BuiltIn()
    {
        var r = new PassRegistry();
        r.Add(new FusePass(), BuiltInOrigin);
        r.Add(new KernelC.Passes.Flash.FlashPass(), BuiltInOrigin);
        r.Add(new KernelC.Passes.Tiling.TilePass(), BuiltInOrigin);
        r.Add(new KernelC.Passes.Quantization.QuantizePass(), BuiltInOrigin);
        return r;
    }

    /// <summary>Registered pass names, in registration order (built-ins first).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Registers one more pass (e.g. a built-in defined elsewhere). False with KC0513/KC0515 if its
    /// name is taken or invalid.</summary>
    public bool Register(IPass pass, string origin, DiagnosticBag diags)
    {
        string name;
        try { name = pass.Name; }
        catch (Exception e)
        {
            diags.Error(PassDiagnosticIds.PluginConstructorThrew, origin, $"the pass's Name threw {e.GetType().Name}: {e.Message}");
            return false;
        }
        if (!PassNames.IsValid(name))
        {
            diags.Error(PassDiagnosticIds.PluginBadName, origin, $"pass name '{name}' is not a pipeline name [a-z_][a-z0-9_-]*");
            return false;
        }
        if (_origin.TryGetValue(name, out var first))
        {
            var where = first == BuiltInOrigin ? "a built-in pass" : $"a pass of {first}";
            diags.Error(PassDiagnosticIds.PluginNameClash, origin, $"pass name '{name}' ({pass.GetType().FullName}) is already taken by {where}");
            return false;
        }
        Add(pass, origin);
        return true;
    }

    /// <summary>Loads a plugin assembly and registers its passes (see docs/passes.md). True when every pass class
    /// of the plugin was registered; false with KC051x diagnostics (File = <paramref name="dllPath"/>) otherwise.
    /// Passes that were fine are registered even if a sibling failed.</summary>
    public bool LoadPlugin(string dllPath, DiagnosticBag diags)
    {
        int before = diags.Count;
        var passes = PluginLoader.Load(dllPath, diags);
        if (passes is null) return false;
        foreach (var p in passes) Register(p, dllPath, diags);
        for (int i = before; i < diags.Count; i++)
            if (diags.Items[i].Severity == Severity.Error) return false;
        return true;
    }

    /// <summary>The pass a pipeline entry names, or null with KC0502 (listing the known names).</summary>
    public IPass? Resolve(PassSpec spec, DiagnosticBag diags)
    {
        if (_byName.TryGetValue(spec.Name, out var pass)) return pass;
        diags.Error(PassDiagnosticIds.UnknownPass, "--pipeline",
            $"unknown pass '{spec.Name}'; known passes: {string.Join(", ", _names)}");
        return null;
    }

    private void Add(IPass pass, string origin)
    {
        _byName[pass.Name] = pass;
        _origin[pass.Name] = origin;
        _names.Add(pass.Name);
    }
}
