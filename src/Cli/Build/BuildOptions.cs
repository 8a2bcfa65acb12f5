namespace KernelC.Cli.Build;

/// <summary>What `kernelc build` was asked for (already parsed by System.CommandLine). Target: the PTX target
/// (`--target sm_80|sm_90`).</summary>
public sealed record BuildOptions(string File, string Output, string? Pipeline, IReadOnlyList<string> Plugins,
    string Solver, int TimeoutMs, string Target = "sm_80");
