using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Runtime.Devices;

/// <summary>Somewhere a <see cref="PtxProgram"/> runs: the CPU PTX interpreter or a CUDA GPU. A run allocates every
/// buffer of the program (inputs copied in, outputs and scratch zero-filled), performs the launches in order, and
/// returns the outputs by name — or an error message (a fault, a CUDA error), never an exception for a failed run.</summary>
public interface IKernelDevice : IDisposable
{
    /// <summary>"cpu (PTX interpreter)", "cuda: NVIDIA H100 80GB HBM3 (sm_90, driver 12.4)".</summary>
    string Name { get; }

    DeviceRun Run(PtxProgram program, IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, long> dims);
}

/// <summary>The outcome of a run: Outputs (every Output buffer by name) when Error is null. KernelTime: the GPU time
/// of all launches measured with CUDA events (null on the CPU interpreter, whose wall time says nothing about a GPU).</summary>
public sealed record DeviceRun(IReadOnlyDictionary<string, Tensor>? Outputs, string? Error, TimeSpan? KernelTime)
{
    public static DeviceRun Failed(string error) => new(null, error, null);
}
