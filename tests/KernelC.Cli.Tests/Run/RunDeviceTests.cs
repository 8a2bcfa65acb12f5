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

    [Theory]
    [InlineData("matmul.kc", "M=8,K=5,N=3")]
    [InlineData("softmax.kc", "R=4,C=33")]
    public void The_cpu_ptx_device_agrees_with_the_reference_interpreter(string example, string dims)
    {
        using var tmp = new TempDir();
        string[] common = ["run", TestPaths.Example(example), "--seed", "7", "--dims", dims];
        var reference = Kernelc.Run([.. common, "--device", "reference", "--output", tmp.File("ref.safetensors")]);
        var cpu = Kernelc.Run([.. common, "--device", "cpu", "--output", tmp.File("cpu.safetensors")]);
        Assert.True(reference.Code == 0, reference.Err);
        Assert.True(cpu.Code == 0, cpu.Err);
        Assert.Contains("on cpu (PTX interpreter)", cpu.Out);
        Assert.Contains("without proving the passes", cpu.Err);   // a .kc run says it is not the proved path
        var want = TensorFiles.Load(tmp.File("ref.safetensors"), new DiagnosticBag())!;
        var got = TensorFiles.Load(tmp.File("cpu.safetensors"), new DiagnosticBag())!;
        Assert.Equal(want.Select(t => t.Name), got.Select(t => t.Name));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w.Tensor.Shape.ToArray(), g.Tensor.Shape.ToArray());
            for (int i = 0; i < w.Tensor.Data.Length; i++)
                Assert.True(Math.Abs(w.Tensor.Data[i] - g.Tensor.Data[i]) <= 1e-5 * (1 + Math.Abs(w.Tensor.Data[i])),
                    $"{w.Name}[{i}]: reference {w.Tensor.Data[i]}, cpu {g.Tensor.Data[i]}");
        }
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
