using System.Runtime.InteropServices;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Tests.Cuda;

/// <summary>A scripted driver for tests without a GPU: fixed answers for the queries, host-side memory for
/// allocations and copies, a configurable JIT outcome, and a record of every call. Launches are recorded (the
/// kernelParams pointer array is read while it is live); <see cref="OnLaunch"/> may run them on the interpreter.</summary>
internal sealed class FakeCudaDriver : ICudaDriver
{
    public int InitResult { get; set; }
    public int Version { get; set; } = 12040;
    public int DeviceCount { get; set; } = 1;
    public string DeviceName { get; set; } = "Fake GPU";
    public (int Major, int Minor) Capability { get; set; } = (8, 0);
    public int OptinShared { get; set; } = 166 * 1024;
    public int JitResult { get; set; }
    public string JitErrorLog { get; set; } = "";
    public string JitInfoLog { get; set; } = "";
    public string? LoadedPtx { get; private set; }
    public List<string> Calls { get; } = new();
    public List<(int Attribute, int Value)> FuncAttributesSet { get; } = new();
    public Dictionary<ulong, byte[]> Memory { get; } = new();
    public Func<string, (uint, uint, uint), (uint, uint, uint), uint, IntPtr, int>? OnLaunch { get; set; }
    public string? LastFunction { get; private set; }
    private ulong _next = 0x7000_0000;

    public int Init(uint flags) { Calls.Add("cuInit"); return InitResult; }
    public int DriverGetVersion(out int version) { version = Version; return 0; }
    public int DeviceGetCount(out int count) { count = DeviceCount; return 0; }
    public int DeviceGet(out int device, int ordinal) { device = ordinal; return ordinal < DeviceCount ? 0 : CudaResult.InvalidDevice; }
    public int DeviceGetName(byte[] name, int length, int device)
    {
        var b = System.Text.Encoding.ASCII.GetBytes(DeviceName + "\0");
        Array.Copy(b, name, Math.Min(b.Length, length));
        return 0;
    }
    public int DeviceGetAttribute(out int value, int attribute, int device)
    {
        value = attribute switch
        {
            CudaAttributes.DeviceComputeMajor => Capability.Major,
            CudaAttributes.DeviceComputeMinor => Capability.Minor,
            CudaAttributes.DeviceMaxSharedPerBlockOptin => OptinShared,
            _ => 0,
        };
        return 0;
    }
    public int DevicePrimaryCtxRetain(out IntPtr context, int device) { Calls.Add("retain"); context = 42; return 0; }
    public int DevicePrimaryCtxRelease(int device) { Calls.Add("release"); return 0; }
    public int CtxSetCurrent(IntPtr context) => 0;
    public int CtxSynchronize() { Calls.Add("sync"); return 0; }

    public int ModuleLoadDataEx(out IntPtr module, byte[] image, uint optionCount, int[] options, IntPtr[] values)
    {
        Calls.Add("load");
        LoadedPtx = System.Text.Encoding.ASCII.GetString(image, 0, Array.IndexOf(image, (byte)0));
        for (int i = 0; i < optionCount; i++)
        {
            var log = options[i] == CudaAttributes.JitErrorLogBuffer ? JitErrorLog : options[i] == CudaAttributes.JitInfoLogBuffer ? JitInfoLog : null;
            if (log is null) continue;
            var bytes = System.Text.Encoding.ASCII.GetBytes(log + "\0");
            int size = (int)values[i + 1];
            Marshal.Copy(bytes, 0, values[i], Math.Min(bytes.Length, size));
            values[i + 1] = bytes.Length;   // the driver reports the bytes written
        }
        module = JitResult == 0 ? 7 : IntPtr.Zero;
        return JitResult;
    }
    public int ModuleUnload(IntPtr module) { Calls.Add("unload"); return 0; }
    public int ModuleGetFunction(out IntPtr function, IntPtr module, string name)
    {
        LastFunction = name;
        function = 100 + name.Length;
        return 0;
    }
    public int FuncSetAttribute(IntPtr function, int attribute, int value) { FuncAttributesSet.Add((attribute, value)); return 0; }
    public int FuncGetAttribute(out int value, int attribute, IntPtr function) { value = attribute == CudaAttributes.FuncNumRegs ? 32 : 0; return 0; }
    public int MemAlloc(out ulong pointer, nuint bytes)
    {
        pointer = _next;
        _next += ((ulong)bytes + 255) / 256 * 256 + 256;
        Memory[pointer] = new byte[bytes];
        return 0;
    }
    public int MemFree(ulong pointer) { Memory.Remove(pointer); return 0; }
    public int MemcpyHtoD(ulong destination, byte[] source, nuint bytes) { Array.Copy(source, Memory[destination], (int)bytes); return 0; }
    public int MemcpyDtoH(byte[] destination, ulong source, nuint bytes) { Array.Copy(Memory[source], destination, (int)bytes); return 0; }
    public int LaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, IntPtr stream, IntPtr kernelParams, IntPtr extra)
    {
        Calls.Add("launch " + LastFunction);
        return OnLaunch?.Invoke(LastFunction!, (gridX, gridY, gridZ), (blockX, blockY, blockZ), sharedBytes, kernelParams) ?? 0;
    }
    public int EventCreate(out IntPtr @event, uint flags) { @event = 9; return 0; }
    public int EventRecord(IntPtr @event, IntPtr stream) => 0;
    public int EventSynchronize(IntPtr @event) => 0;
    public int EventElapsedTime(out float milliseconds, IntPtr start, IntPtr end) { milliseconds = 1.5f; return 0; }
    public int EventDestroy(IntPtr @event) => 0;
    public string? ErrorName(int code) => null;
    public string? ErrorString(int code) => null;
}
