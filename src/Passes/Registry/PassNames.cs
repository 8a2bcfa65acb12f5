namespace KernelC.Passes.Registry;

/// <summary>The pipeline name grammar of <see cref="PipelineParser"/>: NAME := [a-z_][a-z0-9_-]*.</summary>
public static class PassNames
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
}
