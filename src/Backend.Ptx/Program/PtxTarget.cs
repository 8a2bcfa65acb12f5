namespace KernelC.Backend.Ptx.Program;

/// <summary>The GPU target of an emitted module: `.target Sm` and `.version Version` (the PTX ISA). Each Sm is
/// paired with the lowest ISA that supports it and everything the emitter uses (sm_80 with 7.8, which loads on
/// drivers from CUDA 11.8 up; sm_90 needs at least 7.8 too).</summary>
public sealed record PtxTarget(string Sm, string Version)
{
    public static PtxTarget Default => new("sm_80", "7.8");

    /// <summary>The targets `--target` accepts.</summary>
    public static IReadOnlyList<string> Known { get; } = ["sm_80", "sm_90"];

    /// <summary>The target for a `--target` value, or null when it is not one of <see cref="Known"/>.</summary>
    public static PtxTarget? Parse(string sm) => sm switch
    {
        "sm_80" => new("sm_80", "7.8"),
        "sm_90" => new("sm_90", "7.8"),
        _ => null,
    };
}
