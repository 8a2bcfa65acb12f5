using KernelC.IR;

namespace KernelC.Backend.Ptx.Program;

/// <summary>How to run one emitted PTX module: the global buffers it uses and the launches, in order (one .entry
/// per top-level IR instruction). Launch i+1 may read what launch i wrote; nothing else is shared.</summary>
public sealed record PtxProgram(string KernelName, string PtxText, EqArray<PtxBuffer> Buffers, EqArray<PtxLaunch> Launches)
{
    public PtxBuffer? FindBuffer(string name) => Buffers.FirstOrDefault(b => b.Name == name);
}
