namespace KernelC.Cli;

/// <summary>The exit codes of every kernelc command (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Bad input: diagnostics were printed.</summary>
    public const int BadInput = 1;
    /// <summary>A proof obligation was refuted or not proved.</summary>
    public const int NotProved = 2;
    /// <summary>The environment lacks something (a native library, a solver, a GPU).</summary>
    public const int MissingDependency = 3;
    /// <summary>A bug in KernelC itself (an exception escaped); the message asks for a report.</summary>
    public const int InternalError = 70;
}
