namespace KernelC.Cli.Build;

/// <summary>What `kernelc build` was asked for (already parsed by System.CommandLine).</summary>
public sealed record BuildOptions(string File, string Output, string? Pipeline, IReadOnlyList<string> Plugins,
    string Solver, int TimeoutMs);
