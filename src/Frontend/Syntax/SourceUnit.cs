using KernelC.IR;

namespace KernelC.Frontend.Syntax;

/// <summary>A parsed .kc file: its kernels in source order.</summary>
public sealed record SourceUnit(SourceText Text, EqArray<KernelSyntax> Kernels);
