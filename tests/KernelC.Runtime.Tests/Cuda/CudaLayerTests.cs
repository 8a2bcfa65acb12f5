using System.Runtime.InteropServices;
using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Tests.Cuda;

public class CudaLayerTests
{
    [Fact]
    public void Every_result_becomes_call_name_code_and_text()
    {
        var m = CudaResult.Describe(CudaResult.UnsupportedPtxVersion, "cuModuleLoadDataEx", null);
        Assert.StartsWith("cuModuleLoadDataEx failed: CUDA_ERROR_UNSUPPORTED_PTX_VERSION (222): ", m);
        Assert.Contains("update the NVIDIA driver", m);
        Assert.Contains("libnvidia-ptxjitcompiler", CudaResult.Describe(221, "cuModuleLoadDataEx", null));
        Assert.Contains("CUDA_ERROR_ILLEGAL_ADDRESS (700)", CudaResult.Describe(700, "cuCtxSynchronize", null));
        Assert.Equal("cuInit failed: CUresult 12345 (12345): unrecognized error code", CudaResult.Describe(12345, "cuInit", null));
    }

    [Fact]
    public void The_drivers_own_name_and_text_win_when_it_knows_the_code()
    {
        var named = new NamingDriver();
        Assert.Equal("cuInit failed: DRIVER_NAME_100 (100): driver text (no NVIDIA GPU is visible to this process: check nvidia-smi and CUDA_VISIBLE_DEVICES)",
            CudaResult.Describe(100, "cuInit", named));
    }

    [Theory]
    [InlineData(11080, "7.8")]
    [InlineData(11090, "7.8")]
    [InlineData(12000, "8.0")]
    [InlineData(12040, "8.4")]
    [InlineData(12060, "8.5")]
    [InlineData(12080, "8.7")]
    [InlineData(13000, "9.0")]
    [InlineData(13020, "9.1")]
    public void Version_choice_follows_the_driver(int driver, string isa)
    {
        Assert.Equal(isa, PtxIsaVersion.ForDriver(driver, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_driver_older_than_11_8_is_refused_with_its_version()
    {
        Assert.Null(PtxIsaVersion.ForDriver(11070, out var problem));
        Assert.Contains("11.7", problem);
        Assert.Contains("11.8", problem);
    }

    [Fact]
    public void The_header_rewrite_changes_only_the_version_line()
    {
        var ptx = "// generated\n.version 7.8\n.target sm_80\n.address_size 64\n// .version 1.0 in a comment\n";
        Assert.Equal(ptx.Replace(".version 7.8", ".version 8.4"), PtxIsaVersion.Rewrite(ptx, "8.4", out _));
        Assert.Null(PtxIsaVersion.Rewrite(".version 8.5\n.target sm_80\n", "8.4", out var newer));
        Assert.Contains("8.5", newer);
        Assert.Null(PtxIsaVersion.Rewrite(".target sm_80\n.version 7.8\n", "8.4", out var order));
        Assert.Contains(".target sm_80", order);
    }

    [Fact]
    public void Argument_packing_gives_one_pointer_per_value()
    {
        using var args = new KernelArguments([KernelArguments.U64(0x1122334455667788), KernelArguments.U32(7), KernelArguments.F32(1.5f)]);
        Assert.Equal(3, args.Count);
        Assert.Equal(0x1122334455667788UL, BitConverter.ToUInt64(args.ValueAt(0, 8)));
        Assert.Equal(7u, BitConverter.ToUInt32(args.ValueAt(1, 4)));
        Assert.Equal(1.5f, BitConverter.ToSingle(args.ValueAt(2, 4)));
        // distinct, 8-byte aligned value slots
        var pointers = Enumerable.Range(0, 3).Select(i => Marshal.ReadIntPtr(args.Pointer, i * IntPtr.Size)).ToList();
        Assert.Equal(3, pointers.Distinct().Count());
        Assert.All(pointers, p => Assert.Equal(0, (long)p % 8));
    }

    [Fact]
    public void A_missing_driver_library_is_named()
    {
        Assert.Null(CudaLibrary.TryLoad(out var problem, "libkernelc-no-such-driver.so.1"));
        Assert.Contains("libkernelc-no-such-driver.so.1 could not be loaded", problem);
    }

    [Fact]
    public void Session_refuses_an_old_driver_and_an_old_gpu_naming_the_cause()
    {
        var old = Assert.Throws<CudaException>(() => CudaSession.Open(new FakeCudaDriver { Version = 11020 }));
        Assert.Contains("11.2", old.Message);
        var turing = Assert.Throws<CudaException>(() => CudaSession.Open(new FakeCudaDriver { Capability = (7, 5) }));
        Assert.Contains("compute capability 7.5", turing.Message);
        var init = Assert.Throws<CudaException>(() => CudaSession.Open(new FakeCudaDriver { InitResult = CudaResult.NoDevice }));
        Assert.StartsWith("cuInit failed: CUDA_ERROR_NO_DEVICE (100)", init.Message);
    }

    [Fact]
    public void Session_loads_under_the_drivers_version_and_shows_the_jit_log_on_failure()
    {
        var driver = new FakeCudaDriver { Version = 12080 };
        using (var session = CudaSession.Open(driver))
        {
            Assert.Equal("Fake GPU (sm_80, driver 12.8)", session.Describe());
            using var m = session.LoadPtx(".version 7.8\n.target sm_80\n.address_size 64\n");
            Assert.StartsWith(".version 8.7\n", driver.LoadedPtx);
            driver.JitResult = CudaResult.InvalidPtx;
            driver.JitErrorLog = "ptxas application ptx input, line 12; error   : Unknown symbol 'x'";
            var e = Assert.Throws<CudaException>(() => session.LoadPtx(".version 7.8\n.target sm_80\n"));
            Assert.Contains("CUDA_ERROR_INVALID_PTX (218)", e.Message);
            Assert.Contains("line 12; error", e.Message);
        }
        Assert.Equal(1, driver.Calls.Count(c => c == "retain"));
        Assert.Equal(1, driver.Calls.Count(c => c == "release"));
    }

    [Fact]
    public void Dynamic_shared_memory_above_48KiB_opts_in_within_the_device_maximum()
    {
        var driver = new FakeCudaDriver { OptinShared = 100_000 };
        using var session = CudaSession.Open(driver);
        session.PrepareSharedMemory(1, 48 * 1024, "k");
        Assert.Empty(driver.FuncAttributesSet);
        session.PrepareSharedMemory(1, 64 * 1024, "k");
        Assert.Equal([(CudaAttributes.FuncMaxDynamicSharedBytes, 64 * 1024)], driver.FuncAttributesSet);
        var e = Assert.Throws<CudaException>(() => session.PrepareSharedMemory(1, 100_001, "k"));
        Assert.Contains("at most 100000", e.Message);
    }

    private sealed class NamingDriver : ICudaDriver
    {
        public string? ErrorName(int code) => $"DRIVER_NAME_{code}";
        public string? ErrorString(int code) => "driver text";
        public int Init(uint flags) => 0;
        public int DriverGetVersion(out int version) { version = 0; return 0; }
        public int DeviceGetCount(out int count) { count = 0; return 0; }
        public int DeviceGet(out int device, int ordinal) { device = 0; return 0; }
        public int DeviceGetName(byte[] name, int length, int device) => 0;
        public int DeviceGetAttribute(out int value, int attribute, int device) { value = 0; return 0; }
        public int DevicePrimaryCtxRetain(out IntPtr context, int device) { context = 0; return 0; }
        public int DevicePrimaryCtxRelease(int device) => 0;
        public int CtxSetCurrent(IntPtr context) => 0;
        public int CtxSynchronize() => 0;
        public int ModuleLoadDataEx(out IntPtr module, byte[] image, uint optionCount, int[] options, IntPtr[] values) { module = 0; return 0; }
        public int ModuleUnload(IntPtr module) => 0;
        public int ModuleGetFunction(out IntPtr function, IntPtr module, string name) { function = 0; return 0; }
        public int FuncSetAttribute(IntPtr function, int attribute, int value) => 0;
        public int FuncGetAttribute(out int value, int attribute, IntPtr function) { value = 0; return 0; }
        public int MemAlloc(out ulong pointer, nuint bytes) { pointer = 0; return 0; }
        public int MemFree(ulong pointer) => 0;
        public int MemcpyHtoD(ulong destination, byte[] source, nuint bytes) => 0;
        public int MemcpyDtoH(byte[] destination, ulong source, nuint bytes) => 0;
        public int LaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
            uint sharedBytes, IntPtr stream, IntPtr kernelParams, IntPtr extra) => 0;
        public int EventCreate(out IntPtr @event, uint flags) { @event = 0; return 0; }
        public int EventRecord(IntPtr @event, IntPtr stream) => 0;
        public int EventSynchronize(IntPtr @event) => 0;
        public int EventElapsedTime(out float milliseconds, IntPtr start, IntPtr end) { milliseconds = 0; return 0; }
        public int EventDestroy(IntPtr @event) => 0;
    }
}
