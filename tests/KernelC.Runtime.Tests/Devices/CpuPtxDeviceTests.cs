using KernelC.IR;
using KernelC.Runtime.Devices;

namespace KernelC.Runtime.Tests.Devices;

/// <summary>The CPU device on a tiny hand-written program, through the PTX reader and interpreter.</summary>
public class CpuPtxDeviceTests
{
    [Fact]
    public void Runs_a_hand_written_program_and_returns_its_output()
    {
        using var cpu = new CpuPtxDevice();
        var run = cpu.Run(TinyPrograms.Double(), new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector([1, 2.5, -3, 0.25, .. Enumerable.Range(5, 31).Select(i => (double)i)]) },
            TinyPrograms.Dims(35));   // two blocks of 32, the second partly idle
        Assert.Null(run.Error);
        Assert.Equal(new double[] { 2, 5, -6, 0.5 }, run.Outputs!["y"].Data.Take(4));
        Assert.Equal(70, run.Outputs["y"].Data[34]);
        Assert.Null(run.KernelTime);
    }

    [Fact]
    public void A_fault_names_the_launch_block_thread_and_line()
    {
        // Drop the bounds check: thread 3 of block 0 reads past x (N = 3, one block of 32 threads).
        var unguarded = TinyPrograms.DoublePtx.Replace("@%p1 bra DONE;", "// no guard");
        using var cpu = new CpuPtxDevice();
        var run = cpu.Run(TinyPrograms.Double(unguarded), new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(1, 2, 3) }, TinyPrograms.Dims(3));
        Assert.Null(run.Outputs);
        Assert.Matches(@"^launch 0 \(double_it\) faulted: OutOfBounds at double_it\.ptx line \d+, block \(0,0,0\) thread \(\d+,0,0\): ", run.Error);
    }

    [Fact]
    public void Ptx_that_does_not_read_is_an_error_with_the_readers_diagnostics()
    {
        using var cpu = new CpuPtxDevice();
        var run = cpu.Run(TinyPrograms.Double(TinyPrograms.DoublePtx.Replace("add.rn.f32", "frobnicate.f32")),
            new Dictionary<string, Tensor> { ["x"] = TinyPrograms.Vector(1) }, TinyPrograms.Dims(1));
        Assert.StartsWith("the PTX does not read:", run.Error);
        Assert.Contains("KC07", run.Error);
    }
}
