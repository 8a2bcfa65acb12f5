using System.CommandLine;
using KernelC.Cli.Support;
using KernelC.IR;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc check FILE.kc`: parse, bind and type-check; exit 0 when valid, 1 with diagnostics.</summary>
public static class CheckCommand
{
    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("file") { Description = "The .kc source file" };
        var cmd = new Command("check", "Check a KernelC source file: syntax, names, shapes and dtypes.") { file };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var diags = new DiagnosticBag();
            var module = Compilation.CompileFile(path, diags);
            int code = DiagnosticWriter.Report(diags, io.Err);
            if (module is null || code != ExitCodes.Success) return ExitCodes.BadInput;
            var names = string.Join(", ", module.Kernels.Select(k => k.Name));
            io.Out.WriteLine($"{path}: ok ({module.Kernels.Count} kernel{(module.Kernels.Count == 1 ? "" : "s")}: {names})");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
