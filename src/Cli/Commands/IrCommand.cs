using System.CommandLine;
using KernelC.Cli.Support;
using KernelC.IR;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc ir FILE.kc [--kernel NAME]`: print the tensor-level IR text.</summary>
public static class IrCommand
{
    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("file") { Description = "The .kc source file" };
        var kernel = new Option<string?>("--kernel", "-k") { Description = "Print only this kernel" };
        var cmd = new Command("ir", "Print the IR of a KernelC source file.") { file, kernel };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var diags = new DiagnosticBag();
            var module = Compilation.CompileFile(path, diags);
            var name = parse.GetValue(kernel);
            Kernel? selected = null;
            if (module is not null && name is not null) selected = KernelSelector.Select(module, name, path, diags);
            if (DiagnosticWriter.Report(diags, io.Err) != ExitCodes.Success || module is null) return ExitCodes.BadInput;
            io.Out.Write(selected is null ? IrPrinter.Print(module) : IrPrinter.Print(selected));
            return ExitCodes.Success;
        });
        return cmd;
    }
}
