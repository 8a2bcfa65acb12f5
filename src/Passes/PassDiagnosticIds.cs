namespace KernelC.Passes;

/// <summary>The KC05xx diagnostic ids of pipelines and passes (docs/diagnostics.md).</summary>
public static class PassDiagnosticIds
{
    /// <summary>Malformed pipeline text (reported by <see cref="PipelineParser"/>).</summary>
    public const string MalformedPipeline = "KC0501";
    /// <summary>A pipeline names a pass the registry does not know; the message lists the known names.</summary>
    public const string UnknownPass = "KC0502";
    /// <summary>A pass was given arguments it does not accept (fuse takes none).</summary>
    public const string BadPassArguments = "KC0503";
    /// <summary>--pass-plugin: the file does not exist.</summary>
    public const string PluginNotFound = "KC0510";
    /// <summary>--pass-plugin: not a loadable .NET assembly, or its types cannot be loaded.</summary>
    public const string PluginNotAssembly = "KC0511";
    /// <summary>--pass-plugin: no public non-abstract IPass class with a public parameterless constructor.</summary>
    public const string PluginNoPasses = "KC0512";
    /// <summary>--pass-plugin: a pass name already registered (built-in or another plugin).</summary>
    public const string PluginNameClash = "KC0513";
    /// <summary>--pass-plugin: a pass constructor (or its Name getter) threw.</summary>
    public const string PluginConstructorThrew = "KC0514";
    /// <summary>--pass-plugin: a pass Name that is not a valid pipeline name [a-z_][a-z0-9_-]*.</summary>
    public const string PluginBadName = "KC0515";
}
