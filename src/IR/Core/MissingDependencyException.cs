namespace KernelC.IR;

/// <summary>The environment lacks something KernelC needs (a native library, a solver, a GPU). The command line
/// turns it into exit code 3 with <see cref="Exception.Message"/>, which names the thing and how to install it.</summary>
public sealed class MissingDependencyException(string what, string howToGetIt)
    : Exception($"{what} is not available: {howToGetIt}")
{
    public string What { get; } = what;
    public string HowToGetIt { get; } = howToGetIt;
}
