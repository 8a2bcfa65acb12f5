using System.CommandLine;
using KernelC.Cli.Build;
using KernelC.Cli.Verify;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc verify DIR [--solver z3|cvc5|all] [--sarif FILE] [--timeout MS] [--prove-ptx]` (docs/bundles.md).</summary>
public static class VerifyCommand
{
    public static Command Create(CliIO io)
    {
        var dir = new Argument<string>("bundle") { Description = "The bundle folder" };
        var solver = new Option<string>("--solver") { Description = "Re-prove with z3, cvc5, or all (both)", DefaultValueFactory = _ => "z3" };
        solver.AcceptOnlyFromAmong(SolverChoice.Names);
        var sarif = new Option<string?>("--sarif") { Description = "Also write the results as SARIF 2.1.0" };
        var timeout = new Option<int?>("--timeout") { Description = "Per-query solver timeout in ms (default: the bundle's)" };
        var provePtx = new Option<bool>("--prove-ptx") { Description = "No-op, kept for compatibility: verify always proves that each kernel's PTX computes what the final IR specifies" };
        var cmd = new Command("verify", "Re-derive and re-prove every obligation of a bundle from its files alone.") { dir, solver, sarif, timeout, provePtx };
        cmd.SetAction(parse => VerifyRunner.Run(new VerifyOptions(parse.GetValue(dir)!, parse.GetValue(solver)!,
            parse.GetValue(sarif), parse.GetValue(timeout), parse.GetValue(provePtx)), io));
        return cmd;
    }
}
