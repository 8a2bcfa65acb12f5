using Spectre.Console;

namespace KernelC.Cli.Support;

/// <summary>A Spectre console that writes plain text (no ANSI, no colors) to a TextWriter, 160 columns wide: every
/// table kernelc prints goes through it, so output is the same on a terminal, in a pipe and in tests.</summary>
public static class Tables
{
    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}
