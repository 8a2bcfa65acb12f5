namespace KernelC.IR;

/// <summary>The outputs by output name (null when any error was reported) and the diagnostics.</summary>
public sealed record InterpretResult(IReadOnlyDictionary<string, Tensor>? Outputs, IReadOnlyList<Diagnostic> Diagnostics);
