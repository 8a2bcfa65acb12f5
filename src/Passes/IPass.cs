using KernelC.IR;

namespace KernelC.Passes;

/// <summary>The public pass interface, for built-in passes and plugins alike (docs/passes.md).
/// A pass is untrusted: it returns a NEW module and a certificate of hints; it must not mutate its input (IR is
/// immutable anyway). The pipeline runs the IR verifier and the independent checker on every result, and stops at
/// the first step that is not proved.</summary>
public interface IPass
{
    /// <summary>The name used in pipeline text, e.g. "fuse".</summary>
    string Name { get; }

    /// <summary>Transforms <paramref name="input"/>. <paramref name="args"/> are the arguments written in the
    /// pipeline ("tile(64,64)" → ["64", "64"]). A pass that rejects its arguments or cannot apply reports a
    /// diagnostic in <paramref name="diags"/> and returns null.</summary>
    PassOutput? Run(Module input, PassSpec args, DiagnosticBag diags);
}

/// <summary>What a pass returns: the new module and its certificate (whose hashes name the step).</summary>
public sealed record PassOutput(Module Module, Certificate Certificate);
