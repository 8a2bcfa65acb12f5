namespace KernelC.Cli;

public static class Program
{
    public static int Main(string[] args) => KernelcApp.Run(args, Console.Out, Console.Error);
}
