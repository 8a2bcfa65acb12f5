namespace KernelC.Backend.Ptx.Interp;

/// <summary>The interpreter's global memory: a flat 64-bit address space holding disjoint allocations. Invariants:
/// every allocation starts at a multiple of 256 and never at 0; allocations never overlap; an access is valid only
/// when it lies wholly inside one allocation.</summary>
public sealed class GlobalMemory
{
    public const ulong Alignment = 256;
    private const ulong Base = 0x1_0000_0000; // a recognisable, non-zero start

    private readonly List<(ulong Start, byte[] Data)> _allocations = new();
    private ulong _next = Base;
    private int _last = -1;

    /// <summary>A new zero-filled allocation of the given size (0 allowed: an empty buffer with a valid address).</summary>
    public ulong Allocate(long bytes)
    {
        if (bytes < 0 || bytes > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "allocation size");
        ulong start = _next;
        _allocations.Add((start, new byte[bytes]));
        // leave at least one alignment unit of gap, so that one-past-the-end is never inside the next allocation
        _next = start + ((ulong)bytes + Alignment - 1) / Alignment * Alignment + Alignment;
        return start;
    }

    public void Write(ulong address, ReadOnlySpan<byte> data)
    {
        var (buf, off) = Resolve(address, data.Length) ?? throw new ArgumentOutOfRangeException(nameof(address),
            $"write of {data.Length} bytes at 0x{address:X} is outside every allocation");
        data.CopyTo(buf.AsSpan(off));
    }

    public void Read(ulong address, Span<byte> destination)
    {
        var (buf, off) = Resolve(address, destination.Length) ?? throw new ArgumentOutOfRangeException(nameof(address),
            $"read of {destination.Length} bytes at 0x{address:X} is outside every allocation");
        buf.AsSpan(off, destination.Length).CopyTo(destination);
    }

    /// <summary>The allocation and offset holding [address, address+length), or null when the range is not wholly
    /// inside one allocation.</summary>
    internal (byte[] Data, int Offset)? Resolve(ulong address, int length)
    {
        // most accesses hit the allocation of the previous one
        if (_last >= 0 && _last < _allocations.Count)
        {
            var (s0, d0) = _allocations[_last];
            if (address >= s0 && address - s0 <= (ulong)d0.Length && (ulong)length <= (ulong)d0.Length - (address - s0))
                return (d0, (int)(address - s0));
        }
        // binary search on the start addresses (allocations are created in increasing order)
        int lo = 0, hi = _allocations.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_allocations[mid].Start <= address) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return null;
        _last = found;
        var (start, data) = _allocations[found];
        ulong off = address - start;
        if (off > (ulong)data.Length || (ulong)length > (ulong)data.Length - off) return null;
        return (data, (int)off);
    }
}
