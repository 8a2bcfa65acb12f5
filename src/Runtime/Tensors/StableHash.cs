using System.Text;

namespace KernelC.Runtime;

/// <summary>Hashes that are the same on every machine and .NET version (unlike string.GetHashCode).</summary>
public static class StableHash
{
    /// <summary>64-bit FNV-1a of the UTF-8 bytes: h = 0xcbf29ce484222325; for each byte h = (h ^ b) * 0x100000001b3.</summary>
    public static ulong Fnv1a64(string text)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            h ^= b;
            h *= 0x100000001b3UL;
        }
        return h;
    }
}
