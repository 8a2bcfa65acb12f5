using System.Buffers.Binary;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>One block's shared memory: bytes (zero at block start) plus, for values a symbolic domain cannot turn into
/// bytes, an overlay of whole values keyed by address, with the type they were stored at. Invariant: a byte covered by
/// an overlay value is read only through a load of exactly that value's address and type width; a symbolic integer
/// only through a load of exactly its store type (an s8 reloaded as u8 is another number: refused, never guessed).
/// The race tracker records, per byte and per barrier interval (epoch), the writing thread and the reading thread(s):
/// two different threads touching a byte in one interval, at least one writing, is a SharedMemoryRace.</summary>
internal sealed class SharedMemory<T>(long size, PtxSemantics<T> semantics, bool detectRaces)
{
    private readonly byte[] _bytes = new byte[size];
    private readonly Dictionary<long, (PtxValue<T> Value, int Bytes, PtxType Type)> _overlay = new();
    private readonly int[] _writer = detectRaces ? new int[size] : [];
    private readonly int[] _writerEpoch = detectRaces ? new int[size] : [];
    private readonly int[] _reader = detectRaces ? new int[size] : [];
    private readonly int[] _readerEpoch = detectRaces ? new int[size] : [];
    private int _epoch = 1;
    private const int ManyReaders = -1;

    public long Size => _bytes.Length;

    /// <summary>A barrier: accesses before it are ordered before accesses after it.</summary>
    public void Barrier() => _epoch++;

    public PtxMemoryError? Load(ulong address, PtxType type, int thread, out PtxValue<T> value)
    {
        value = default;
        int n = type.Bytes();
        if (Check(address, n) is { } e) return e;
        long a = (long)address;
        if (detectRaces && Track(a, n, thread, write: false) is { } race) return race;
        if (_overlay.Count > 0 && Overlaps(a, n))
        {
            if (_overlay.TryGetValue(a, out var o) && o.Bytes == n)
            {
                if (PtxSemantics<T>.IsSymbolicInt(o.Value) && o.Type != type)
                    return new PtxMemoryError(PtxFaultKind.Unsupported,
                        $"ld.shared.{type.Name()} at {a} reads a symbolic integer stored as .{o.Type.Name()}: only a reload of the same type is modelled");
                value = o.Value;
                return null;
            }
            return new PtxMemoryError(PtxFaultKind.Unsupported, $"ld.shared.{type.Name()} at {a} reads part of a symbolic value");
        }
        ulong bits = n switch
        {
            1 => _bytes[a], 2 => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)a)),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)a)), _ => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)a)),
        };
        value = semantics.FromMemory(bits, type);
        return null;
    }

    public PtxMemoryError? Store(ulong address, PtxType type, PtxValue<T> value, int thread)
    {
        int n = type.Bytes();
        if (Check(address, n) is { } e) return e;
        long a = (long)address;
        if (detectRaces && Track(a, n, thread, write: true) is { } race) return race;
        if (_overlay.Count > 0) for (long k = a - 7; k < a + n; k++) if (_overlay.TryGetValue(k, out var o) && k + o.Bytes > a) _overlay.Remove(k);
        ulong bits;
        if (value.Kind == PtxValueKind.Float && !semantics.Domain.TryGetBits(value.Value!, value.FloatType, out _))
        {
            _overlay[a] = (value, n, type);
            return null;
        }
        try { bits = semantics.AsBits(value, n * 8); }
        catch (PtxSemanticsException ex) { return new PtxMemoryError(ex.Kind, ex.Message); }
        var span = _bytes.AsSpan((int)a, n);
        switch (n)
        {
            case 1: span[0] = (byte)bits; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)bits); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)bits); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, bits); break;
        }
        return null;
    }

    private bool Overlaps(long a, int n)
    {
        for (long k = a - 7; k < a + n; k++)
            if (_overlay.TryGetValue(k, out var o) && k + o.Bytes > a) return true;
        return false;
    }

    private PtxMemoryError? Check(ulong address, int n)
    {
        if (address > (ulong)_bytes.Length || (ulong)n > (ulong)_bytes.Length - address)
            return new PtxMemoryError(PtxFaultKind.OutOfBounds, $"shared access of {n} bytes at {address} is outside the block's {_bytes.Length} bytes of shared memory");
        if (address % (ulong)n != 0)
            return new PtxMemoryError(PtxFaultKind.Misaligned, $"shared access of {n} bytes at {address} is not {n}-byte aligned");
        return null;
    }

    /// <summary>Records the access of thread (0-based, within the block) to bytes [a, a+n) in this epoch.</summary>
    private PtxMemoryError? Track(long a, int n, int thread, bool write)
    {
        int me = thread + 1;
        for (long i = a; i < a + n; i++)
        {
            int w = _writerEpoch[i] == _epoch ? _writer[i] : 0;
            int r = _readerEpoch[i] == _epoch ? _reader[i] : 0;
            if (w != 0 && w != me)
                return Race(i, thread, w - 1, write ? "writes" : "reads", "wrote");
            if (write && r != 0 && r != me)
                return Race(i, thread, r == ManyReaders ? -1 : r - 1, "writes", "read");
            if (write) { _writer[i] = me; _writerEpoch[i] = _epoch; }
            else { _reader[i] = r == 0 || r == me ? me : ManyReaders; _readerEpoch[i] = _epoch; }
        }
        return null;
    }

    private static PtxMemoryError Race(long address, int thread, int other, string verb, string otherVerb) =>
        new(PtxFaultKind.SharedMemoryRace,
            $"thread {thread} {verb} shared byte {address}, which {(other < 0 ? "other threads" : $"thread {other}")} {otherVerb} since the last bar.sync (no barrier orders them)");
}
