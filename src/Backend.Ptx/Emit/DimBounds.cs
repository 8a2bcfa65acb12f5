using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

/// <summary>Upper bounds of dims from a kernel's where clause (`D in {64, 128}` gives 128, `D <= 64` gives 64):
/// what sizes a static shared array for a local tensor with symbolic extents. The bound holds at every launch because
/// the runtime checks the where clause before it launches (and the entry re-checks it with a trap).</summary>
internal static class DimBounds
{
    public static long? Max(Kernel kernel, string dim)
    {
        long? best = null;
        foreach (var c in kernel.Constraints.Where(c => c.Dim == dim))
        {
            long? b = c.Kind switch
            {
                DimConstraintKind.InSet => c.Values.Max(),
                DimConstraintKind.AtMost => c.Values[0],
                _ => null,
            };
            if (b is { } v) best = best is { } cur ? Math.Min(cur, v) : v;
        }
        return best;
    }

    /// <summary>The largest element count of a shape, or a KC0802 naming the unbounded dim.</summary>
    public static long MaxElements(Kernel kernel, EqArray<Dim> shape, string what)
    {
        long n = 1;
        foreach (var d in shape)
        {
            long e = d switch
            {
                Dim.Const c => c.Value,
                Dim.Sym s => Max(kernel, s.Name) ?? throw new EmitFailure(PtxDiagnosticIds.UnsupportedShape,
                    $"{what} has extent {s.Name}, which has no upper bound in the where clause; shared memory is sized statically (add e.g. '{s.Name} <= 128' or '{s.Name} in {{...}}')"),
                _ => throw new InvalidOperationException(),
            };
            n = checked(n * e);
        }
        return n;
    }
}
