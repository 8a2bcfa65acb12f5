using System.Runtime.InteropServices;
using System.Text;

namespace KernelC.Runtime.Cuda;

/// <summary>A PTX module JIT-compiled by the driver (cuModuleLoadDataEx), with the JIT's info log (registers, spills:
/// verbose is on). A JIT failure is a <see cref="CudaException"/> whose message carries the error log, which names
/// the PTX line.</summary>
public sealed class CudaModule : IDisposable
{
    private readonly ICudaDriver _driver;
    private IntPtr _module;

    private CudaModule(ICudaDriver driver, IntPtr module, string infoLog)
    {
        _driver = driver;
        _module = module;
        InfoLog = infoLog;
    }

    public string InfoLog { get; }

    public const int LogBytes = 64 * 1024;

    public static CudaModule Load(ICudaDriver driver, string ptx)
    {
        var image = Encoding.ASCII.GetBytes(ptx + "\0");
        var info = Marshal.AllocHGlobal(LogBytes);
        var error = Marshal.AllocHGlobal(LogBytes);
        try
        {
            Marshal.WriteByte(info, 0);
            Marshal.WriteByte(error, 0);
            int[] options = [CudaAttributes.JitInfoLogBuffer, CudaAttributes.JitInfoLogBufferSize,
                CudaAttributes.JitErrorLogBuffer, CudaAttributes.JitErrorLogBufferSize, CudaAttributes.JitLogVerbose];
            // Integer option values travel cast to void*; the sizes come back as the bytes actually written.
            IntPtr[] values = [info, LogBytes, error, LogBytes, 1];
            int r = driver.ModuleLoadDataEx(out var module, image, (uint)options.Length, options, values);
            var infoText = ReadLog(info, values[1]);
            if (r != CudaResult.Success)
            {
                var errorText = ReadLog(error, values[3]);
                var message = CudaResult.Describe(r, "cuModuleLoadDataEx", driver);
                if (errorText.Length > 0) message += "\nJIT error log:\n" + errorText;
                throw new CudaException("cuModuleLoadDataEx", r, message);
            }
            return new CudaModule(driver, module, infoText);
        }
        finally
        {
            Marshal.FreeHGlobal(info);
            Marshal.FreeHGlobal(error);
        }
    }

    /// <summary>A NUL-terminated log of at most <paramref name="reported"/> bytes (clamped to the buffer).</summary>
    private static string ReadLog(IntPtr buffer, IntPtr reported)
    {
        long n = Math.Clamp((long)reported, 0, LogBytes - 1);
        var bytes = new byte[n];
        Marshal.Copy(buffer, bytes, 0, (int)n);
        int nul = Array.IndexOf(bytes, (byte)0);
        return Encoding.ASCII.GetString(bytes, 0, nul < 0 ? bytes.Length : nul).TrimEnd();
    }

    public IntPtr Function(string entry)
    {
        Check(_driver.ModuleGetFunction(out var f, Handle, entry), $"cuModuleGetFunction({entry})");
        return f;
    }

    private IntPtr Handle => _module != IntPtr.Zero ? _module : throw new ObjectDisposedException(nameof(CudaModule));

    private void Check(int r, string call)
    {
        if (r != CudaResult.Success) throw new CudaException(call, r, CudaResult.Describe(r, call, _driver));
    }

    public void Dispose()
    {
        if (_module != IntPtr.Zero) _driver.ModuleUnload(_module);
        _module = IntPtr.Zero;
    }
}
