namespace KernelC.IR;

/// <summary>One verifier finding: the kernel, the value it concerns (if any) and what is wrong.</summary>
internal sealed record VerifierError(string Kernel, string? Value, string Message)
{
    public override string ToString() => Value is null ? $"kernel @{Kernel}: {Message}" : $"kernel @{Kernel}: %{Value}: {Message}";
}
