using BenchmarkDotNet.Running;

namespace KernelC.Bench;

public static class Program
{
    /// <summary>Every benchmark class of this assembly; the GPU classes only when a GPU is usable (else one line says
    /// they were skipped and why).</summary>
    public static void Main(string[] args)
    {
        var types = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0))
            .ToList();
        if (Gpu.Unavailable() is { } why)
        {
            Console.WriteLine($"GPU benchmarks skipped: {why}.");
            types.RemoveAll(t => t.Name.StartsWith("Gpu", StringComparison.Ordinal));
        }
        BenchmarkSwitcher.FromTypes([.. types]).Run(args);
    }
}
