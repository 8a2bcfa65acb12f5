using System.CommandLine;
using KernelC.Cli.Commands;
using KernelC.IR;

namespace KernelC.Cli;

/// <summary>The kernelc command: builds the command tree and maps every outcome to an exit code.
/// Runs in-process for tests with its own writers.</summary>
public static class KernelcApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIO(stdout, stderr);
        var root = new RootCommand("kernelc: a compiler from a small tensor language to PTX that proves its own work.")
        {
            CheckCommand.Create(io),
            IrCommand.Create(io),
            RunCommand.Create(io),
            BuildCommand.Create(io),
            VerifyCommand.Create(io),
            BenchCommand.Create(io),
        };
        try
        {
            var parse = root.Parse(args);
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (MissingDependencyException e)
        {
            stderr.WriteLine($"kernelc: {e.Message}");
            return ExitCodes.MissingDependency;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("KERNELC_TRACE") != "1")
        {
            stderr.WriteLine($"kernelc: internal error: {e.GetType().Name}: {e.Message}");
            stderr.WriteLine("This is a bug in KernelC, not in your input. Please report it with the command line; "
                + "set KERNELC_TRACE=1 to see the stack trace.");
            return ExitCodes.InternalError;
        }
    }
}

/// <summary>Where a command writes: results to Out, diagnostics and progress to Err.</summary>
public sealed record CliIO(TextWriter Out, TextWriter Err);
