using FsCheck;

namespace KernelC.Tests.Shared;

/// <summary>How hard the fuzz tests push. CI runs the default (scale 1: a few seconds per reader). For a longer
/// campaign: <c>KERNELC_FUZZ_SCALE=100 dotnet test KernelC.sln --filter "Category=Fuzz"</c> (docs/fuzzing.md).
/// Linked into every test project that fuzzes a reader.</summary>
public static class FuzzBudget
{
    public const string Category = "Fuzz";

    /// <summary>The multiplier from KERNELC_FUZZ_SCALE (1 to 100000; 1 when unset or malformed).</summary>
    public static int Scale { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("KERNELC_FUZZ_SCALE"), out var s) ? Math.Clamp(s, 1, 100_000) : 1;

    /// <summary>An iteration count: the CI baseline times the scale.</summary>
    public static int Count(int baseline) => checked(baseline * Scale);

    /// <summary>A time budget in milliseconds: the CI baseline times the scale.</summary>
    public static long Millis(long baseline) => baseline * Scale;

    /// <summary>FsCheck configuration: <paramref name="baseline"/> tests (FsCheck's default is 100) times the scale.</summary>
    public static Config Config(int baseline = 100) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Count(baseline));
}
