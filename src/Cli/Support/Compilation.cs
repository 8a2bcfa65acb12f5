using KernelC.Frontend;
using KernelC.IR;

namespace KernelC.Cli.Support;

/// <summary>Reads and compiles a .kc file to the IR module, collecting diagnostics.</summary>
public static class Compilation
{
    public static Module? CompileFile(string path, DiagnosticBag diags)
    {
        var source = SourceFiles.Read(path, diags);
        return source is null ? null : FrontEnd.Compile(source, diags);
    }
}
