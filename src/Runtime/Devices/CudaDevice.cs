using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Devices;

/// <summary>Runs a program on device 0 of an open <see cref="CudaSession"/>: the PTX is JIT-loaded under the
/// driver's ISA version (once per PTX text), buffers are allocated and inputs copied in (outputs and scratch
/// zero-filled, as on the CPU device), the launches run back to back on stream 0 between two CUDA events (the
/// KernelTime), then outputs are copied back. Any CUDA failure becomes the run's Error with the call, the
/// CUresult's name and text (and the JIT log for PTX that does not load).</summary>
public sealed class CudaDevice(CudaSession session) : IKernelDevice
{
    private readonly Dictionary<string, CudaModule> _modules = new(StringComparer.Ordinal);

    public string Name => "cuda: " + session.Describe();

    public CudaSession Session => session;

    /// <summary>Registers and local (spill) bytes per thread of each entry of the last run, from cuFuncGetAttribute.</summary>
    public IReadOnlyList<(string Entry, int Registers, int LocalBytes)> LastResources { get; private set; } = [];

    /// <summary>The JIT's info log of the last module loaded (registers, spills: verbose).</summary>
    public string LastJitLog { get; private set; } = "";

    public DeviceRun Run(PtxProgram program, IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, long> dims)
    {
        var plan = ProgramPlan.Create(program, inputs, dims, out var error);
        if (plan is null) return DeviceRun.Failed(error!);
        var addresses = new List<ulong>();
        IntPtr start = 0, end = 0;
        try
        {
            var module = Module(program.PtxText);
            var functions = new List<IntPtr>();
            var resources = new List<(string, int, int)>();
            foreach (var l in program.Launches)
            {
                var f = module.Function(l.Entry);
                session.PrepareSharedMemory(f, l.DynamicSharedBytes, l.Entry);
                var (regs, local) = session.Resources(f);
                resources.Add((l.Entry, regs, local));
                functions.Add(f);
            }
            LastResources = resources;
            for (int i = 0; i < program.Buffers.Count; i++)
            {
                addresses.Add(session.Alloc(plan.Bytes[i]));
                session.CopyIn(addresses[i], plan.InputBytes[i] ?? new byte[plan.Bytes[i]]);
            }
            start = session.CreateEvent();
            end = session.CreateEvent();
            session.Record(start);
            for (int i = 0; i < program.Launches.Count; i++)
            {
                var c = plan.Configs[i];
                using var args = new KernelArguments(plan.Arguments(i, addresses).Select(Bytes).ToList());
                session.Launch(functions[i], program.Launches[i].Entry, ((uint)c.GridX, (uint)c.GridY, (uint)c.GridZ),
                    ((uint)c.BlockX, (uint)c.BlockY, (uint)c.BlockZ), c.DynamicSharedBytes, args);
            }
            session.Record(end);
            float ms = session.Elapsed(start, end);
            session.Synchronize(string.Join(", ", program.Launches.Select(l => l.Entry)));
            var outputs = plan.Outputs(i => session.CopyOut(addresses[i], plan.Bytes[i]));
            return new DeviceRun(outputs, null, TimeSpan.FromMilliseconds(ms));
        }
        catch (CudaException e)
        {
            return DeviceRun.Failed(e.Message);
        }
        finally
        {
            if (start != 0) session.DestroyEvent(start);
            if (end != 0) session.DestroyEvent(end);
            foreach (var a in addresses) session.Free(a);
        }
    }

    /// <summary>The little-endian bytes of one argument as cuLaunchKernel copies it.</summary>
    public static byte[] Bytes(PtxArg a) => a switch
    {
        PtxArg.U64 u => KernelArguments.U64(u.Value),
        PtxArg.U32 u => KernelArguments.U32(u.Value),
        PtxArg.F32 f => KernelArguments.F32(f.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    internal CudaModule Module(string ptx)
    {
        if (_modules.TryGetValue(ptx, out var m)) return m;
        m = session.LoadPtx(ptx);
        LastJitLog = m.InfoLog;
        _modules[ptx] = m;
        return m;
    }

    public void Dispose()
    {
        foreach (var m in _modules.Values) m.Dispose();
        _modules.Clear();
        session.Dispose();
    }
}
