using System.Runtime.InteropServices;

namespace KernelC.Runtime.Cuda;

/// <summary>libcuda.so.1 through P/Invoke. Binds the exported `_v2` names where cuda.h maps a call to one
/// (cuMemAlloc_v2, cuMemFree_v2, cuMemcpyHtoD_v2, cuMemcpyDtoH_v2, cuDevicePrimaryCtxRelease_v2, cuEventDestroy_v2);
/// for cuEventElapsedTime (remapped to _v2 by CUDA 13 headers) the `_v2` export is used when the library has it,
/// else the plain one. Create with <see cref="CudaLibrary.TryLoad"/>, which checks every export exists first.</summary>
internal sealed class CudaDriverNative : ICudaDriver
{
    internal const string Lib = "kernelc_cuda";
    private readonly bool _elapsedV2;

    internal CudaDriverNative(bool elapsedV2) => _elapsedV2 = elapsedV2;

    /// <summary>Every symbol this class calls, as exported by libcuda.so.1 (the elapsed-time pair is checked apart).</summary>
    internal static readonly string[] RequiredExports =
    [
        "cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet", "cuDeviceGetName", "cuDeviceGetAttribute",
        "cuDevicePrimaryCtxRetain", "cuDevicePrimaryCtxRelease_v2", "cuCtxSetCurrent", "cuCtxSynchronize",
        "cuModuleLoadDataEx", "cuModuleUnload", "cuModuleGetFunction", "cuFuncSetAttribute", "cuFuncGetAttribute",
        "cuMemAlloc_v2", "cuMemFree_v2", "cuMemcpyHtoD_v2", "cuMemcpyDtoH_v2", "cuLaunchKernel",
        "cuEventCreate", "cuEventRecord", "cuEventSynchronize", "cuEventDestroy_v2", "cuGetErrorName", "cuGetErrorString",
    ];

    public int Init(uint flags) => cuInit(flags);
    public int DriverGetVersion(out int version) => cuDriverGetVersion(out version);
    public int DeviceGetCount(out int count) => cuDeviceGetCount(out count);
    public int DeviceGet(out int device, int ordinal) => cuDeviceGet(out device, ordinal);
    public int DeviceGetName(byte[] name, int length, int device) => cuDeviceGetName(name, length, device);
    public int DeviceGetAttribute(out int value, int attribute, int device) => cuDeviceGetAttribute(out value, attribute, device);
    public int DevicePrimaryCtxRetain(out IntPtr context, int device) => cuDevicePrimaryCtxRetain(out context, device);
    public int DevicePrimaryCtxRelease(int device) => cuDevicePrimaryCtxRelease_v2(device);
    public int CtxSetCurrent(IntPtr context) => cuCtxSetCurrent(context);
    public int CtxSynchronize() => cuCtxSynchronize();
    public int ModuleLoadDataEx(out IntPtr module, byte[] image, uint optionCount, int[] options, IntPtr[] values) =>
        cuModuleLoadDataEx(out module, image, optionCount, options, values);
    public int ModuleUnload(IntPtr module) => cuModuleUnload(module);
    public int ModuleGetFunction(out IntPtr function, IntPtr module, string name) => cuModuleGetFunction(out function, module, name);
    public int FuncSetAttribute(IntPtr function, int attribute, int value) => cuFuncSetAttribute(function, attribute, value);
    public int FuncGetAttribute(out int value, int attribute, IntPtr function) => cuFuncGetAttribute(out value, attribute, function);
    public int MemAlloc(out ulong pointer, nuint bytes) => cuMemAlloc_v2(out pointer, bytes);
    public int MemFree(ulong pointer) => cuMemFree_v2(pointer);
    public int MemcpyHtoD(ulong destination, byte[] source, nuint bytes) => cuMemcpyHtoD_v2(destination, source, bytes);
    public int MemcpyDtoH(byte[] destination, ulong source, nuint bytes) => cuMemcpyDtoH_v2(destination, source, bytes);
    public int LaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, IntPtr stream, IntPtr kernelParams, IntPtr extra) =>
        cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, stream, kernelParams, extra);
    public int EventCreate(out IntPtr @event, uint flags) => cuEventCreate(out @event, flags);
    public int EventRecord(IntPtr @event, IntPtr stream) => cuEventRecord(@event, stream);
    public int EventSynchronize(IntPtr @event) => cuEventSynchronize(@event);
    public int EventElapsedTime(out float milliseconds, IntPtr start, IntPtr end) =>
        _elapsedV2 ? cuEventElapsedTime_v2(out milliseconds, start, end) : cuEventElapsedTime(out milliseconds, start, end);
    public int EventDestroy(IntPtr @event) => cuEventDestroy_v2(@event);

    public string? ErrorName(int code) => cuGetErrorName(code, out var p) == 0 && p != IntPtr.Zero ? Marshal.PtrToStringAnsi(p) : null;
    public string? ErrorString(int code) => cuGetErrorString(code, out var p) == 0 && p != IntPtr.Zero ? Marshal.PtrToStringAnsi(p) : null;

    // cuda.h prototypes. CUresult, CUdevice, CUjit_option, CUdevice_attribute, CUfunction_attribute: int;
    // size_t: nuint; CUdeviceptr: unsigned long long; handles: pointers.
    [DllImport(Lib)] private static extern int cuInit(uint flags);
    [DllImport(Lib)] private static extern int cuDriverGetVersion(out int version);
    [DllImport(Lib)] private static extern int cuDeviceGetCount(out int count);
    [DllImport(Lib)] private static extern int cuDeviceGet(out int device, int ordinal);
    [DllImport(Lib)] private static extern int cuDeviceGetName(byte[] name, int len, int dev);
    [DllImport(Lib)] private static extern int cuDeviceGetAttribute(out int pi, int attrib, int dev);
    [DllImport(Lib)] private static extern int cuDevicePrimaryCtxRetain(out IntPtr pctx, int dev);
    [DllImport(Lib)] private static extern int cuDevicePrimaryCtxRelease_v2(int dev);
    [DllImport(Lib)] private static extern int cuCtxSetCurrent(IntPtr ctx);
    [DllImport(Lib)] private static extern int cuCtxSynchronize();
    [DllImport(Lib)] private static extern int cuModuleLoadDataEx(out IntPtr module, byte[] image, uint numOptions, int[] options, IntPtr[] optionValues);
    [DllImport(Lib)] private static extern int cuModuleUnload(IntPtr hmod);
    [DllImport(Lib)] private static extern int cuModuleGetFunction(out IntPtr hfunc, IntPtr hmod, [MarshalAs(UnmanagedType.LPStr)] string name);
    [DllImport(Lib)] private static extern int cuFuncSetAttribute(IntPtr hfunc, int attrib, int value);
    [DllImport(Lib)] private static extern int cuFuncGetAttribute(out int pi, int attrib, IntPtr hfunc);
    [DllImport(Lib)] private static extern int cuMemAlloc_v2(out ulong dptr, nuint bytesize);
    [DllImport(Lib)] private static extern int cuMemFree_v2(ulong dptr);
    [DllImport(Lib)] private static extern int cuMemcpyHtoD_v2(ulong dstDevice, byte[] srcHost, nuint byteCount);
    [DllImport(Lib)] private static extern int cuMemcpyDtoH_v2(byte[] dstHost, ulong srcDevice, nuint byteCount);
    [DllImport(Lib)] private static extern int cuLaunchKernel(IntPtr f, uint gridDimX, uint gridDimY, uint gridDimZ,
        uint blockDimX, uint blockDimY, uint blockDimZ, uint sharedMemBytes, IntPtr hStream, IntPtr kernelParams, IntPtr extra);
    [DllImport(Lib)] private static extern int cuEventCreate(out IntPtr phEvent, uint flags);
    [DllImport(Lib)] private static extern int cuEventRecord(IntPtr hEvent, IntPtr hStream);
    [DllImport(Lib)] private static extern int cuEventSynchronize(IntPtr hEvent);
    [DllImport(Lib)] private static extern int cuEventElapsedTime(out float pMilliseconds, IntPtr hStart, IntPtr hEnd);
    [DllImport(Lib)] private static extern int cuEventElapsedTime_v2(out float pMilliseconds, IntPtr hStart, IntPtr hEnd);
    [DllImport(Lib)] private static extern int cuEventDestroy_v2(IntPtr hEvent);
    [DllImport(Lib)] private static extern int cuGetErrorName(int error, out IntPtr pStr);
    [DllImport(Lib)] private static extern int cuGetErrorString(int error, out IntPtr pStr);
}
