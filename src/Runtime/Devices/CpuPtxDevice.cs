using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Program;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;

namespace KernelC.Runtime.Devices;

/// <summary>Runs a program on the CPU PTX interpreter: the module is read strictly, each buffer is a
/// <see cref="GlobalMemory"/> allocation, each launch runs to completion in order. A fault becomes an error naming
/// the launch, the block, the thread and the PTX line.</summary>
public sealed class CpuPtxDevice(PtxRunOptions? options = null) : IKernelDevice
{
    public string Name => "cpu (PTX interpreter)";

    public DeviceRun Run(PtxProgram program, IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, long> dims)
    {
        var plan = ProgramPlan.Create(program, inputs, dims, out var error);
        if (plan is null) return DeviceRun.Failed(error!);
        var diags = new DiagnosticBag();
        var module = PtxReader.Read(program.PtxText, program.KernelName + ".ptx", diags);
        if (module is null)
            return DeviceRun.Failed("the PTX does not read:\n" + string.Join("\n", diags.Items.Select(d => d.Format())));

        var memory = new GlobalMemory();
        var addresses = new ulong[program.Buffers.Count];
        for (int i = 0; i < addresses.Length; i++)
        {
            if (plan.Bytes[i] > int.MaxValue) return DeviceRun.Failed($"buffer {program.Buffers[i].Name} is larger than the interpreter's 2 GiB limit");
            addresses[i] = memory.Allocate(plan.Bytes[i]);
            if (plan.InputBytes[i] is { } data) memory.Write(addresses[i], data);
        }
        for (int i = 0; i < program.Launches.Count; i++)
        {
            var launch = program.Launches[i];
            var result = PtxInterpreter.Run(module, launch.Entry, plan.Configs[i], plan.Arguments(i, addresses), memory, options);
            if (result.Fault is { } f)
                return DeviceRun.Failed($"launch {i} ({launch.Entry}) faulted: {f.Kind} at {program.KernelName}.ptx line {f.Line}, "
                    + $"block ({f.Block.X},{f.Block.Y},{f.Block.Z}) thread ({f.Thread.X},{f.Thread.Y},{f.Thread.Z}): {f.Message}");
        }
        var outputs = plan.Outputs(i =>
        {
            var bytes = new byte[plan.Bytes[i]];
            memory.Read(addresses[i], bytes);
            return bytes;
        });
        return new DeviceRun(outputs, null, null);
    }

    public void Dispose() { }
}
