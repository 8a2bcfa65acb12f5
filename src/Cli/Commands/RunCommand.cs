using System.CommandLine;
using KernelC.Cli.Run;
using KernelC.Runtime.Devices;

namespace KernelC.Cli.Commands;

/// <summary>`kernelc run FILE.kc|BUNDLE [--kernel NAME] [--dims N=128,D=64] [--inputs IN.safetensors]
/// [--output OUT.safetensors] [--device reference|cpu|cuda|auto] [--seed S] [--precision exact|f64]
/// [--allow-unverified] [--verify-timeout MS] [--prove-ptx]` (docs/runtime.md).</summary>
public static class RunCommand
{
    public static Command Create(CliIO io) => Create(io, DeviceSelector.Default);

    public static Command Create(CliIO io, DeviceSelector selector)
    {
        var file = new Argument<string>("file") { Description = "The .kc source file, or a bundle folder written by kernelc build" };
        var kernel = new Option<string?>("--kernel", "-k") { Description = "The kernel to run (default: the only kernel in the file)" };
        var dims = new Option<string?>("--dims", "-d") { Description = "Dimension values, e.g. N=128,D=64 (inferred from --inputs when omitted)" };
        var inputs = new Option<string[]>("--inputs", "-i")
        {
            Description = "Input tensor files (.safetensors or .npy), matched to parameters by name",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the outputs here (.safetensors; .npy for one output)" };
        var device = new Option<string?>("--device")
        {
            Description = "Where to run: reference (source-level interpreter; default for a .kc file), cpu (PTX interpreter), "
                + "cuda (GPU), auto (GPU if usable, else cpu; default for a bundle)",
        };
        device.AcceptOnlyFromAmong(["reference", .. DeviceSelector.Names]);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random inputs used when --inputs is not given", DefaultValueFactory = _ => 0UL };
        var precision = new Option<string>("--precision") { Description = "Reference device only. exact: IEEE in each dtype (default); f64: arithmetic in binary64", DefaultValueFactory = _ => "exact" };
        precision.AcceptOnlyFromAmong("exact", "f64");
        var allow = new Option<bool>("--allow-unverified") { Description = "Run a bundle that fails the load-time check (tampered or not proved), with a loud warning" };
        var provePtx = new Option<bool>("--prove-ptx") { Description = "No-op alias: the load-time check always re-proves the PTX lowering (as verify does)" };
        var verifyTimeout = new Option<int?>("--verify-timeout") { Description = "Per-query solver timeout in ms of the load-time check (default: the bundle's)" };

        var cmd = new Command("run", "Run a kernel on the reference interpreter, the CPU PTX interpreter or a CUDA GPU.")
            { file, kernel, dims, inputs, output, device, seed, precision, allow, verifyTimeout, provePtx };
        cmd.SetAction(parse => RunRunner.Run(new RunOptions(parse.GetValue(file)!, parse.GetValue(kernel), parse.GetValue(dims),
            parse.GetValue(inputs) ?? [], parse.GetValue(output), parse.GetValue(device), parse.GetValue(seed),
            parse.GetValue(precision)!, parse.GetValue(allow), parse.GetValue(verifyTimeout), parse.GetValue(provePtx)), io, selector));
        return cmd;
    }
}
