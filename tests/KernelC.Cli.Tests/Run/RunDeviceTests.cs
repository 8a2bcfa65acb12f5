using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Tests.Run;

public class RunDeviceTests
{
    [NoCudaDriverFact]
    public void Device_cuda_without_a_driver_exits_3_naming_libcuda_and_how_to_get_it()
    {
        var (code, o, e) = Kernelc.Run("run", TestPaths.Example("matmul.kc"), "--device", "cuda", "--dims", "M=2,K=2,N=2");
        Assert.Equal(3, code);
        Assert.Equal("", o);
        Assert.Contains("libcuda.so.1", e);
        Assert.Contains("install the NVIDIA driver", e);
        Assert.Contains("--device cpu", e);
        Assert.DoesNotContain("note:", e);   // refused before compiling anything
    }

    [Fact]
    public void The_reference_device_is_still_the_default_for_a_source_file()
    {
        var (code, o, _) = Kernelc.Run("run", TestPaths.Example("matmul.kc"), "--dims", "M=2,K=2,N=2");
        Assert.Equal(0, code);
        Assert.Contains("on the reference interpreter", o);
    }

    [Fact]
    public void An_unknown_device_is_refused_by_the_parser()
    {
        var (code, _, e) = Kernelc.Run("run", TestPaths.Example("matmul.kc"), "--device", "tpu", "--dims", "M=2,K=2,N=2");
        Assert.Equal(1, code);
        Assert.Contains("tpu", e);
    }

    [NoCudaDriverFact]
    public void Auto_without_a_driver_prints_one_notice_and_runs_on_the_cpu()
    {
        var (code, o, e) = Kernelc.Run("run", TestPaths.Example("matmul.kc"), "--device", "auto", "--dims", "M=2,K=2,N=2");
        Assert.Equal(0, code);
        Assert.Single(e.Split('\n'), l => l.Contains("no usable GPU", StringComparison.Ordinal));
        Assert.Contains("libcuda.so.1", e);
        Assert.Contains("on cpu (PTX interpreter)", o);
    }
}
