using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Devices;

/// <summary>A <see cref="PtxProgram"/> resident on the GPU for timing: module loaded, buffers allocated once with
/// random inputs, launch arguments packed once. <see cref="Enqueue"/> issues all launches on stream 0 without
/// synchronizing, so callers time a batch between CUDA events.</summary>
public sealed class GpuProgramTimer : IDisposable
{
    private readonly CudaSession _session;
    private readonly List<ulong> _buffers = new();
    private readonly List<(IntPtr Function, string Entry, Backend.Ptx.Interp.LaunchConfig Config, KernelArguments Args)> _launches = new();

    public GpuProgramTimer(CudaDevice device, PtxProgram program, IReadOnlyDictionary<string, long> dims, ulong seed)
    {
        _session = device.Session;
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var b in program.Buffers.Where(b => b.Kind == PtxBufferKind.Input))
            inputs[b.Name] = RandomTensors.Uniform(b.ElementType, [.. b.Shape.Select(d => d.Evaluate(dims))], seed, b.Name);
        var plan = ProgramPlan.Create(program, inputs, dims, out var error)
            ?? throw new CudaException("plan", CudaResult.InvalidValue, error!);
        var module = device.Module(program.PtxText);
        try
        {
            for (int i = 0; i < program.Buffers.Count; i++)
            {
                _buffers.Add(_session.Alloc(plan.Bytes[i]));
                _session.CopyIn(_buffers[i], plan.InputBytes[i] ?? new byte[plan.Bytes[i]]);
            }
            for (int i = 0; i < program.Launches.Count; i++)
            {
                var l = program.Launches[i];
                var f = module.Function(l.Entry);
                _session.PrepareSharedMemory(f, l.DynamicSharedBytes, l.Entry);
                _launches.Add((f, l.Entry, plan.Configs[i], new KernelArguments(plan.Arguments(i, _buffers).Select(CudaDevice.Bytes).ToList())));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Enqueue()
    {
        foreach (var (f, entry, c, args) in _launches)
            _session.Launch(f, entry, ((uint)c.GridX, (uint)c.GridY, (uint)c.GridZ), ((uint)c.BlockX, (uint)c.BlockY, (uint)c.BlockZ),
                c.DynamicSharedBytes, args);
    }

    public void Dispose()
    {
        foreach (var l in _launches) l.Args.Dispose();
        _launches.Clear();
        foreach (var b in _buffers) _session.Free(b);
        _buffers.Clear();
    }
}
