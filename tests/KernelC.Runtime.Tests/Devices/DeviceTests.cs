using System.Runtime.InteropServices;
using KernelC.IR;
using KernelC.Runtime.Cuda;
using KernelC.Runtime.Devices;
using KernelC.Runtime.Tests.Cuda;

namespace KernelC.Runtime.Tests.Devices;

public class DeviceTests
{
    [Fact]
    public void A_missing_input_or_a_wrong_shape_is_an_error_not_an_exception()
    {
        using var cpu = new CpuPtxDevice();
        var p = TinyPrograms.Double();
        Assert.Equal("no input tensor named x", cpu.Run(p, new Dictionary<string, Tensor>(), TinyPrograms.Dims(3)).Error);
        var wrong = cpu.Run(p, new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(1, 2) }, TinyPrograms.Dims(3));
        Assert.Equal("input x is f32[2] but the program expects f32[3]", wrong.Error);
        Assert.Equal("buffer x: no value for dimension N", cpu.Run(p, new Dictionary<string, Tensor>(), new Dictionary<string, long>()).Error);
    }

    [Fact]
    public void Cuda_device_packs_buffer_addresses_and_dims_and_reads_outputs_back()
    {
        var driver = new FakeCudaDriver();
        var seen = new List<ulong>();
        uint seenN = 0;
        (uint, uint, uint) grid = default, block = default;
        driver.OnLaunch = (entry, g, b, shared, kernelParams) =>
        {
            // What the GPU would do: read the three parameter values through the pointer array, compute y = x + x.
            grid = g; block = b;
            ulong x = (ulong)Marshal.ReadInt64(Marshal.ReadIntPtr(kernelParams, 0));
            ulong y = (ulong)Marshal.ReadInt64(Marshal.ReadIntPtr(kernelParams, IntPtr.Size));
            seenN = (uint)Marshal.ReadInt32(Marshal.ReadIntPtr(kernelParams, 2 * IntPtr.Size));
            seen.AddRange([x, y]);
            for (int i = 0; i < seenN; i++)
            {
                float v = BitConverter.ToSingle(driver.Memory[x], 4 * i);
                BitConverter.GetBytes(v + v).CopyTo(driver.Memory[y], 4 * i);
            }
            return 0;
        };
        using var device = new CudaDevice(CudaSession.Open(driver));
        var run = device.Run(TinyPrograms.Double(), new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(1, 2.5, -3) }, TinyPrograms.Dims(3));
        Assert.Null(run.Error);
        Assert.Equal([2, 5, -6], run.Outputs!["y"].Data);
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), run.KernelTime);
        Assert.Equal(3u, seenN);
        Assert.Equal(((uint)1, (uint)1, (uint)1), grid);
        Assert.Equal(((uint)32, (uint)1, (uint)1), block);
        Assert.Equal(2, seen.Distinct().Count());
        Assert.Empty(driver.Memory);   // every buffer freed
        Assert.Equal([("double_it", 32, 0)], device.LastResources);
        Assert.StartsWith("cuda: Fake GPU (sm_80, driver 12.4)", device.Name);
    }

    [Fact]
    public void A_cuda_launch_failure_becomes_the_runs_error_and_frees_memory()
    {
        var driver = new FakeCudaDriver { OnLaunch = (_, _, _, _, _) => CudaResult.LaunchOutOfResources };
        using var device = new CudaDevice(CudaSession.Open(driver));
        var run = device.Run(TinyPrograms.Double(), new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(1) }, TinyPrograms.Dims(1));
        Assert.Null(run.Outputs);
        Assert.StartsWith("cuLaunchKernel(double_it) failed: CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES (701)", run.Error);
        Assert.Empty(driver.Memory);
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_with_one_notice_line()
    {
        var notice = new StringWriter();
        using var d = new DeviceSelector(() => (null, "libcuda.so.1 could not be loaded (no NVIDIA driver on this machine)")).Select("auto", notice);
        Assert.IsType<CpuPtxDevice>(d);
        Assert.Equal("kernelc: no usable GPU (libcuda.so.1 could not be loaded (no NVIDIA driver on this machine)); running on the CPU PTX interpreter\n",
            notice.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Auto_falls_back_when_the_driver_loads_but_no_device_initializes()
    {
        var notice = new StringWriter();
        using var d = new DeviceSelector(() => (new FakeCudaDriver { InitResult = CudaResult.NoDevice }, null)).Select("auto", notice);
        Assert.IsType<CpuPtxDevice>(d);
        Assert.Single(notice.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("CUDA_ERROR_NO_DEVICE", notice.ToString());
    }

    [Fact]
    public void Auto_and_cuda_use_the_gpu_when_it_works_without_a_notice()
    {
        var notice = new StringWriter();
        using var auto = new DeviceSelector(() => (new FakeCudaDriver(), null)).Select("auto", notice);
        Assert.IsType<CudaDevice>(auto);
        using var cuda = new DeviceSelector(() => (new FakeCudaDriver(), null)).Select("cuda", notice);
        Assert.IsType<CudaDevice>(cuda);
        Assert.Equal("", notice.ToString());
    }

    [Fact]
    public void Cuda_without_a_driver_is_a_missing_dependency_naming_libcuda()
    {
        var e = Assert.Throws<MissingDependencyException>(() =>
            new DeviceSelector(() => (null, "libcuda.so.1 could not be loaded")).Select("cuda", TextWriter.Null));
        Assert.Contains("libcuda.so.1", e.Message);
        Assert.Contains("install the NVIDIA driver", e.Message);
        var noGpu = Assert.Throws<MissingDependencyException>(() =>
            new DeviceSelector(() => (new FakeCudaDriver { DeviceCount = 0 }, null)).Select("cuda", TextWriter.Null));
        Assert.Contains("CUDA_ERROR_NO_DEVICE", noGpu.Message);
    }

    [Fact]
    public void On_this_machine_the_real_loader_either_finds_a_driver_or_names_libcuda()
    {
        var driver = CudaLibrary.TryLoad(out var problem);
        if (driver is null) Assert.Contains("libcuda.so.1", problem);
        else Assert.Null(problem);
    }
}
