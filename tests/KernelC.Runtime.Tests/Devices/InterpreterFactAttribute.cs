using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;

namespace KernelC.Runtime.Tests.Devices;

/// <summary>A fact that needs the PTX reader and interpreter (READER/INTERP's work): skipped, with that reason, while
/// either still throws NotImplementedException; runs as soon as both exist.</summary>
public sealed class InterpreterFactAttribute : FactAttribute
{
    public InterpreterFactAttribute()
    {
        try
        {
            var module = PtxReader.Read(TinyPrograms.DoublePtx, "probe.ptx", new DiagnosticBag());
            if (module is not null)
                PtxInterpreter.Run(module, "double_it", new LaunchConfig(1, 1, 1, 1, 1, 1, 0),
                    [new PtxArg.U64(0), new PtxArg.U64(0), new PtxArg.U32(0)], new GlobalMemory());
        }
        catch (NotImplementedException e)
        {
            Skip = $"the PTX reader or interpreter is not implemented yet ({e.Message})";
        }
    }
}
