using KernelC.Backend.Ptx.Emit;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Program;

/// <summary>The run-time guard for sizes the emitted code cannot index (KC0804): it computes flat element indices,
/// loop counters and tile origins in 32-bit signed registers, so every dim must stay below 2^31 − 2^16 (room for a
/// tile or step past the extent), every buffer below 2^31 elements, and the grid within CUDA's limits (x < 2^31,
/// y and z ≤ 65535). A device calls this before it launches.</summary>
public static class PtxSizeCheck
{
    public const long MaxDim = (1L << 31) - (1L << 16);
    public const long MaxElements = int.MaxValue;
    public const long MaxGridYZ = 65535;

    public static bool Check(PtxProgram program, IReadOnlyDictionary<string, long> dims, string file, DiagnosticBag diagnostics)
    {
        int before = diagnostics.Count;
        void Fail(string m) => diagnostics.Error(PtxDiagnosticIds.IndexOverflow, file, $"kernel {program.KernelName}: {m}");
        foreach (var (name, v) in dims.OrderBy(d => d.Key, StringComparer.Ordinal))
            if (v < 1 || v > MaxDim) Fail($"dim {name} = {v} is outside [1, {MaxDim}] (32-bit indices in the emitted code)");
        if (diagnostics.Count != before) return false;
        try
        {
            foreach (var b in program.Buffers)
                if (b.ElementCount(dims) > MaxElements) Fail($"buffer {b.Name} has {b.ElementCount(dims)} elements, more than {MaxElements}");
            foreach (var l in program.Launches)
            {
                long x = l.GridX.Evaluate(dims), y = l.GridY.Evaluate(dims), z = l.GridZ.Evaluate(dims);
                if (x > int.MaxValue || y > MaxGridYZ || z > MaxGridYZ)
                    Fail($"launch {l.Entry}: grid {x} x {y} x {z} exceeds CUDA's limits (x < 2^31, y and z <= {MaxGridYZ})");
            }
        }
        catch (OverflowException) { Fail("sizes overflow 64 bits"); }
        catch (KeyNotFoundException e) { Fail(e.Message); }
        return diagnostics.Count == before;
    }
}
