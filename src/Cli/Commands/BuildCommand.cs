using System.CommandLine;
using KernelC.Cli.Build;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc build FILE.kc -o DIR [--pipeline P] [--pass-plugin DLL]... [--solver z3|cvc5|all] [--timeout MS] [--target sm_80|sm_90]`
/// (docs/bundles.md).</summary>
public static class BuildCommand
{
    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("file") { Description = "The .kc source file" };
        var output = new Option<string>("--output", "-o") { Description = "The bundle folder to write (replaced atomically)", Required = true };
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "Pipeline, e.g. fuse (default: the kernels' schedule, else fuse)" };
        var plugins = new Option<string[]>("--pass-plugin") { Description = "A .NET assembly with more passes (untrusted; checked like built-ins)" };
        var solver = new Option<string>("--solver") { Description = "Prove with z3, cvc5, or all (both)", DefaultValueFactory = _ => "z3" };
        solver.AcceptOnlyFromAmong(SolverChoice.Names);
        var timeout = new Option<int>("--timeout") { Description = "Per-query solver timeout in ms", DefaultValueFactory = _ => 30_000 };
        var target = new Option<string>("--target") { Description = "PTX target: sm_80 (ISA 7.8, default) or sm_90", DefaultValueFactory = _ => "sm_80" };
        target.AcceptOnlyFromAmong("sm_80", "sm_90");
        var cmd = new Command("build", "Compile, prove every pass, emit PTX, and write a bundle.") { file, output, pipeline, plugins, solver, timeout, target };
        cmd.SetAction(parse => BuildRunner.Run(new BuildOptions(parse.GetValue(file)!, parse.GetValue(output)!,
            parse.GetValue(pipeline), parse.GetValue(plugins) ?? [], parse.GetValue(solver)!, parse.GetValue(timeout), parse.GetValue(target)!), io));
        return cmd;
    }
}
