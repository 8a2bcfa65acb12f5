using KernelC.Tests.Shared;
using System.Diagnostics;
using KernelC.IR;
using static KernelC.Runtime.Tests.TestFiles;

namespace KernelC.Runtime.Tests;

/// <summary>Read must never throw: mutated valid files and random bytes give tensors or diagnostics, nothing else.
/// Deterministic (fixed seeds) and time-bounded.</summary>
public class SafeTensorsFuzzTests
{
    private static readonly byte[] Valid = SafeTensors.Serialize(new[]
    {
        T("a", DType.F32, new long[] { 2, 2 }, 1, -0.0, double.NaN, double.PositiveInfinity),
        T("b", DType.BF16, new long[] { 3 }, 1, 2, 3),
        T("c", DType.I8, new long[] { }, -5),
    }, new Dictionary<string, string> { ["k"] = "v" });

    private static void ReadMustNotThrow(byte[] bytes)
    {
        var diags = new DiagnosticBag();
        var r = SafeTensors.Read(bytes, "fuzz", diags);
        // exactly one of: a result without errors, or no result with at least one error
        Assert.True((r is null) == diags.HasErrors, $"result {(r is null ? "null" : "present")} with {diags.Count} diagnostics");
        Assert.All(diags.Items, d => Assert.Matches("^KC04[0-9][0-9]$", d.Id));
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void MutatedValidFilesNeverThrow()
    {
        var rng = new Random(1234);
        var clock = Stopwatch.StartNew();
        int runs = 0, accepted = 0;
        while (clock.ElapsedMilliseconds < FuzzBudget.Millis(1500) || runs < 200)
        {
            var bytes = new List<byte>(Valid);
            int edits = rng.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = rng.Next(bytes.Count + 1);
                switch (rng.Next(4))
                {
                    case 0 when at < bytes.Count: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                    case 1: bytes.Insert(at, (byte)rng.Next(256)); break;
                    case 2 when at < bytes.Count: bytes.RemoveAt(at); break;
                    case 3 when at < bytes.Count: bytes[at] = (byte)"{}[]\",:0123456789-.e \\"[rng.Next(22)]; break;
                }
            }
            var arr = bytes.ToArray();
            ReadMustNotThrow(arr);
            if (SafeTensors.Read(arr, "fuzz", new DiagnosticBag()) is not null) accepted++;
            runs++;
        }
        Assert.True(runs >= 200);
        Assert.True(accepted < runs, "some mutations must be rejected");
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void RandomBytesNeverThrow()
    {
        var rng = new Random(99);
        var clock = Stopwatch.StartNew();
        int runs = 0;
        while (clock.ElapsedMilliseconds < FuzzBudget.Millis(800) || runs < 200)
        {
            var bytes = new byte[rng.Next(0, 200)];
            rng.NextBytes(bytes);
            if (bytes.Length >= 8 && rng.Next(2) == 0)
                BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)rng.Next(0, bytes.Length - 7)); // plausible length
            ReadMustNotThrow(bytes);
            runs++;
        }
    }

    [Fact]
    public void TruncationsOfAValidFileAreAllRejected()
    {
        for (int n = 0; n < Valid.Length; n++)
        {
            var diags = new DiagnosticBag();
            Assert.Null(SafeTensors.Read(Valid.AsSpan(0, n), "cut", diags));
            Assert.True(diags.HasErrors);
        }
        Assert.NotNull(SafeTensors.Read(Valid, "whole", new DiagnosticBag()));
    }
}
