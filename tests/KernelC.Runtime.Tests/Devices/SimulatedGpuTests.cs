using System.Runtime.InteropServices;
using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;
using KernelC.Runtime.Cuda;
using KernelC.Runtime.Devices;
using KernelC.Runtime.Tests.Cuda;

namespace KernelC.Runtime.Tests.Devices;

/// <summary>CudaDevice end to end on a scripted driver whose cuLaunchKernel reads the kernelParams pointer array by
/// the entry's .param types (as the driver does) and runs the JIT-loaded PTX text on the CPU interpreter over a copy
/// of the device memory. Tests the packing, the version rewrite and the launch shape against real PTX — not a GPU.</summary>
public class SimulatedGpuTests
{
    private static FakeCudaDriver SimulatedGpu()
    {
        var driver = new FakeCudaDriver();
        driver.OnLaunch = (entry, grid, block, shared, kernelParams) =>
        {
            var module = PtxReader.Read(driver.LoadedPtx!, "jit.ptx", new DiagnosticBag());
            if (module?.FindEntry(entry) is not { } e) return CudaResult.InvalidPtx;
            var mem = new GlobalMemory();
            var map = new Dictionary<ulong, ulong>();
            foreach (var (addr, bytes) in driver.Memory)
            {
                map[addr] = mem.Allocate(bytes.Length);
                mem.Write(map[addr], bytes);
            }
            var args = new List<PtxArg>();
            for (int i = 0; i < e.Params.Count; i++)
            {
                var p = Marshal.ReadIntPtr(kernelParams, i * IntPtr.Size);
                args.Add(e.Params[i].Type.Bytes() == 8
                    ? new PtxArg.U64(map.GetValueOrDefault((ulong)Marshal.ReadInt64(p), 0xdead_0000UL))
                    : new PtxArg.U32((uint)Marshal.ReadInt32(p)));
            }
            var r = PtxInterpreter.Run(module, entry, new LaunchConfig((int)grid.Item1, (int)grid.Item2, (int)grid.Item3,
                (int)block.Item1, (int)block.Item2, (int)block.Item3, (int)shared), args, mem);
            if (!r.Ok) return CudaResult.IllegalAddress;
            foreach (var (addr, a) in map) mem.Read(a, driver.Memory[addr]);
            return CudaResult.Success;
        };
        return driver;
    }

    [Fact]
    public void The_cuda_device_runs_a_program_through_the_packed_arguments()
    {
        using var device = new CudaDevice(CudaSession.Open(SimulatedGpu()));
        var x = Enumerable.Range(0, 70).Select(i => i * 0.5 - 3).ToArray();
        var run = device.Run(TinyPrograms.Double(), new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(x) }, TinyPrograms.Dims(70));
        Assert.Null(run.Error);
        Assert.Equal(x.Select(v => v + v), run.Outputs!["y"].Data);
    }

    [Fact]
    public void An_illegal_address_on_the_gpu_names_the_launch_and_points_to_the_cpu_device()
    {
        using var device = new CudaDevice(CudaSession.Open(SimulatedGpu()));
        var run = device.Run(TinyPrograms.Double(TinyPrograms.DoublePtx.Replace("@%p1 bra DONE;", "// no guard")),
            new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(1, 2, 3) }, TinyPrograms.Dims(3));
        Assert.StartsWith("cuLaunchKernel(double_it) failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)", run.Error);
        Assert.Contains("--device cpu", run.Error);
    }
}
