using System.Security.Cryptography;
using System.Text;

namespace KernelC.IR;

/// <summary>The identity of an IR stage: SHA-256 (lower-case hex) of its printed text in UTF-8. Certificates name the
/// step they are about by these hashes.</summary>
public static class IrHash
{
    public static string Of(Module module) => Sha256Hex(Encoding.UTF8.GetBytes(IrPrinter.Print(module)));

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
