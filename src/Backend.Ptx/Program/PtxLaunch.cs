using KernelC.Backend.Ptx.Interp;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Program;

/// <summary>One launch of an .entry of the module: its params in order, its grid (extents in the dims) and block
/// shape, dynamic shared memory bytes, and its cost report.</summary>
public sealed record PtxLaunch(string Entry, EqArray<PtxLaunchParam> Params, LaunchExtent GridX, LaunchExtent GridY,
    LaunchExtent GridZ, int BlockX, int BlockY, int BlockZ, int DynamicSharedBytes, KernelReport Report)
{
    /// <summary>The concrete launch configuration under an assignment of the dims.</summary>
    public LaunchConfig Resolve(IReadOnlyDictionary<string, long> dims) => new(
        checked((int)GridX.Evaluate(dims)), checked((int)GridY.Evaluate(dims)), checked((int)GridZ.Evaluate(dims)),
        BlockX, BlockY, BlockZ, DynamicSharedBytes);
}
