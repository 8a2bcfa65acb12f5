using System.Text;

namespace KernelC.Runtime.Cuda;

/// <summary>Device 0 with its primary context made current (the context cuBLAS uses too). Every call is checked:
/// a failure throws <see cref="CudaException"/> whose message names the call, the CUresult's name and text.
/// Invariant: while the session lives, its primary context is retained; Dispose releases it once.</summary>
public sealed class CudaSession : IDisposable
{
    private bool _disposed;

    private CudaSession(ICudaDriver driver, int device, IntPtr context, int driverVersion, string ptxVersion,
        string deviceName, int major, int minor)
    {
        Driver = driver;
        Device = device;
        Context = context;
        DriverVersion = driverVersion;
        PtxVersion = ptxVersion;
        DeviceName = deviceName;
        ComputeCapability = (major, minor);
    }

    public ICudaDriver Driver { get; }
    public int Device { get; }
    public IntPtr Context { get; }
    /// <summary>cuDriverGetVersion: 1000·major + 10·minor.</summary>
    public int DriverVersion { get; }
    /// <summary>The PTX ISA modules are loaded under (<see cref="PtxIsaVersion.ForDriver"/>).</summary>
    public string PtxVersion { get; }
    public string DeviceName { get; }
    public (int Major, int Minor) ComputeCapability { get; }

    /// <summary>"NVIDIA H100 80GB HBM3 (sm_90, driver 12.4)".</summary>
    public string Describe() =>
        $"{DeviceName} (sm_{ComputeCapability.Major}{ComputeCapability.Minor}, driver {PtxIsaVersion.Format(DriverVersion)})";

    /// <summary>cuInit, the driver version (at least CUDA 11.8), device 0 (compute capability 8.0 or newer, the sm_80
    /// target), its primary context. Throws <see cref="CudaException"/> naming the first call that failed.</summary>
    public static CudaSession Open(ICudaDriver driver)
    {
        Check(driver, driver.Init(0), "cuInit");
        Check(driver, driver.DriverGetVersion(out var version), "cuDriverGetVersion");
        var ptx = PtxIsaVersion.ForDriver(version, out var problem)
            ?? throw new CudaException("cuDriverGetVersion", CudaResult.Success, problem!);
        Check(driver, driver.DeviceGetCount(out var count), "cuDeviceGetCount");
        if (count < 1) throw new CudaException("cuDeviceGetCount", CudaResult.NoDevice, CudaResult.Describe(CudaResult.NoDevice, "cuDeviceGetCount", driver));
        Check(driver, driver.DeviceGet(out var device, 0), "cuDeviceGet");
        var nameBytes = new byte[256];
        Check(driver, driver.DeviceGetName(nameBytes, nameBytes.Length, device), "cuDeviceGetName");
        int nul = Array.IndexOf(nameBytes, (byte)0);
        var name = Encoding.ASCII.GetString(nameBytes, 0, nul < 0 ? nameBytes.Length : nul);
        Check(driver, driver.DeviceGetAttribute(out var major, CudaAttributes.DeviceComputeMajor, device), "cuDeviceGetAttribute(compute capability major)");
        Check(driver, driver.DeviceGetAttribute(out var minor, CudaAttributes.DeviceComputeMinor, device), "cuDeviceGetAttribute(compute capability minor)");
        if (major < 8)
            throw new CudaException("cuDeviceGetAttribute", CudaResult.Success,
                $"{name} has compute capability {major}.{minor}; KernelC's PTX targets sm_80 (Ampere) or newer");
        Check(driver, driver.DevicePrimaryCtxRetain(out var context, device), "cuDevicePrimaryCtxRetain");
        int r = driver.CtxSetCurrent(context);
        if (r != CudaResult.Success)
        {
            driver.DevicePrimaryCtxRelease(device);
            Check(driver, r, "cuCtxSetCurrent");
        }
        return new CudaSession(driver, device, context, version, ptx, name, major, minor);
    }

    public int Attribute(int attribute)
    {
        Check(Driver, Driver.DeviceGetAttribute(out var v, attribute, Device), $"cuDeviceGetAttribute({attribute})");
        return v;
    }

    public ulong Alloc(long bytes)
    {
        Check(Driver, Driver.MemAlloc(out var p, (nuint)Math.Max(bytes, 1)), $"cuMemAlloc_v2({bytes} bytes)");
        return p;
    }

    public void Free(ulong pointer) => Driver.MemFree(pointer);

    public void CopyIn(ulong destination, byte[] data) =>
        Check(Driver, Driver.MemcpyHtoD(destination, data, (nuint)data.Length), $"cuMemcpyHtoD_v2({data.Length} bytes)");

    public byte[] CopyOut(ulong source, long bytes)
    {
        var data = new byte[bytes];
        Check(Driver, Driver.MemcpyDtoH(data, source, (nuint)bytes), $"cuMemcpyDtoH_v2({bytes} bytes)");
        return data;
    }

    /// <summary>Loads <paramref name="ptx"/> with its `.version` set to <see cref="PtxVersion"/>.</summary>
    public CudaModule LoadPtx(string ptx)
    {
        var text = PtxIsaVersion.Rewrite(ptx, PtxVersion, out var problem)
            ?? throw new CudaException("cuModuleLoadDataEx", CudaResult.UnsupportedPtxVersion, problem!);
        return CudaModule.Load(Driver, text);
    }

    /// <summary>Makes <paramref name="dynamicSharedBytes"/> launchable: above 48 KiB the function must opt in
    /// (cuFuncSetAttribute 8), and the amount must not exceed the device's opt-in maximum (attribute 97).</summary>
    public void PrepareSharedMemory(IntPtr function, int dynamicSharedBytes, string entry)
    {
        if (dynamicSharedBytes <= CudaAttributes.DefaultDynamicSharedLimit) return;
        int optin = Attribute(CudaAttributes.DeviceMaxSharedPerBlockOptin);
        if (dynamicSharedBytes > optin)
            throw new CudaException("cuFuncSetAttribute", CudaResult.InvalidValue,
                $"{entry} needs {dynamicSharedBytes} bytes of dynamic shared memory per block; {DeviceName} allows at most {optin}");
        Check(Driver, Driver.FuncSetAttribute(function, CudaAttributes.FuncMaxDynamicSharedBytes, dynamicSharedBytes),
            $"cuFuncSetAttribute({entry}, MAX_DYNAMIC_SHARED_SIZE_BYTES, {dynamicSharedBytes})");
    }

    /// <summary>Registers per thread and local (spill) bytes per thread of a loaded function.</summary>
    public (int Registers, int LocalBytes) Resources(IntPtr function)
    {
        Check(Driver, Driver.FuncGetAttribute(out var regs, CudaAttributes.FuncNumRegs, function), "cuFuncGetAttribute(NUM_REGS)");
        Check(Driver, Driver.FuncGetAttribute(out var local, CudaAttributes.FuncLocalBytes, function), "cuFuncGetAttribute(LOCAL_SIZE_BYTES)");
        return (regs, local);
    }

    public void Launch(IntPtr function, string entry, (uint X, uint Y, uint Z) grid, (uint X, uint Y, uint Z) block,
        int dynamicSharedBytes, KernelArguments args)
    {
        Check(Driver, Driver.LaunchKernel(function, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, (uint)dynamicSharedBytes,
            IntPtr.Zero, args.Pointer, IntPtr.Zero), $"cuLaunchKernel({entry})");
    }

    public void Synchronize(string after) => Check(Driver, Driver.CtxSynchronize(), $"cuCtxSynchronize (after {after})");

    public IntPtr CreateEvent()
    {
        Check(Driver, Driver.EventCreate(out var e, 0), "cuEventCreate");
        return e;
    }

    public void Record(IntPtr ev) => Check(Driver, Driver.EventRecord(ev, IntPtr.Zero), "cuEventRecord");

    /// <summary>Milliseconds between two recorded events, after waiting for the second.</summary>
    public float Elapsed(IntPtr start, IntPtr end)
    {
        Check(Driver, Driver.EventSynchronize(end), "cuEventSynchronize");
        Check(Driver, Driver.EventElapsedTime(out var ms, start, end), "cuEventElapsedTime");
        return ms;
    }

    public void DestroyEvent(IntPtr ev) => Driver.EventDestroy(ev);

    internal static void Check(ICudaDriver driver, int result, string call)
    {
        if (result != CudaResult.Success) throw new CudaException(call, result, CudaResult.Describe(result, call, driver));
    }

    private void Check(int result, string call) => Check(Driver, result, call);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Driver.DevicePrimaryCtxRelease(Device);
    }
}
