namespace KernelC.Cli.Run;

/// <summary>KC09xx ids of `kernelc run` on a device (docs/diagnostics.md "KC09xx — devices and run").</summary>
public static class RunErrors
{
    /// <summary>The bundle has no PTX program for the kernel (ptx/KERNEL.ptx and ptx/KERNEL.program.json).</summary>
    public const string NoPtxInBundle = "KC0901";
    /// <summary>The kernel failed on the device: an interpreter fault (launch, block, thread, PTX line) or a CUDA error.</summary>
    public const string DeviceRunFailed = "KC0902";
    /// <summary>A pass of the run's pipeline crashed or returned nothing while compiling a .kc file for a device.</summary>
    public const string PassFailed = "KC0903";
    /// <summary>--verify-timeout is not a positive number of milliseconds.</summary>
    public const string BadVerifyTimeout = "KC0904";
}
