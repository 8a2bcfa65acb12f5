namespace KernelC.Runtime.Cuda;

/// <summary>The CUDA driver API calls KernelC uses, one method per cuda.h entry point, with the C signature kept
/// (every method returns the CUresult; 0 = CUDA_SUCCESS). <see cref="CudaDriverNative"/> binds libcuda.so.1; tests
/// substitute a simulated driver. Handles (CUcontext, CUmodule, CUfunction, CUevent, CUstream) are opaque pointers;
/// CUdeviceptr is a 64-bit integer; CUdevice is an int ordinal handle.</summary>
public interface ICudaDriver
{
    int Init(uint flags);
    int DriverGetVersion(out int version);
    int DeviceGetCount(out int count);
    int DeviceGet(out int device, int ordinal);
    /// <summary>Fills <paramref name="name"/> with a NUL-terminated ASCII name of at most <paramref name="length"/> bytes.</summary>
    int DeviceGetName(byte[] name, int length, int device);
    int DeviceGetAttribute(out int value, int attribute, int device);
    int DevicePrimaryCtxRetain(out IntPtr context, int device);
    int DevicePrimaryCtxRelease(int device);
    int CtxSetCurrent(IntPtr context);
    int CtxSynchronize();
    /// <summary><paramref name="image"/> is NUL-terminated PTX text; <paramref name="values"/>[i] is the value of
    /// option <paramref name="options"/>[i] (integers cast to a pointer); the driver writes the used log sizes back.</summary>
    int ModuleLoadDataEx(out IntPtr module, byte[] image, uint optionCount, int[] options, IntPtr[] values);
    int ModuleUnload(IntPtr module);
    int ModuleGetFunction(out IntPtr function, IntPtr module, string name);
    int FuncSetAttribute(IntPtr function, int attribute, int value);
    int FuncGetAttribute(out int value, int attribute, IntPtr function);
    int MemAlloc(out ulong pointer, nuint bytes);
    int MemFree(ulong pointer);
    int MemcpyHtoD(ulong destination, byte[] source, nuint bytes);
    int MemcpyDtoH(byte[] destination, ulong source, nuint bytes);
    /// <summary><paramref name="kernelParams"/> points to an array of pointers, one per .entry parameter, each to that
    /// parameter's value (<see cref="KernelArguments"/>); <paramref name="extra"/> is always null here.</summary>
    int LaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, IntPtr stream, IntPtr kernelParams, IntPtr extra);
    int EventCreate(out IntPtr @event, uint flags);
    int EventRecord(IntPtr @event, IntPtr stream);
    int EventSynchronize(IntPtr @event);
    int EventElapsedTime(out float milliseconds, IntPtr start, IntPtr end);
    int EventDestroy(IntPtr @event);
    /// <summary>cuGetErrorName / cuGetErrorString; null when the driver does not know the code.</summary>
    string? ErrorName(int code);
    string? ErrorString(int code);
}
