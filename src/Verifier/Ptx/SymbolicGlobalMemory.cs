using System.Globalization;
using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;
using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>Global memory of the lowering proof's symbolic execution: one buffer per program buffer at a concrete,
/// 256-aligned base address (gaps between buffers, never address 0), one symbolic element per slot. Every access
/// is checked concretely: it must lie wholly inside one buffer (else OutOfBounds, with the address and how far it
/// is from the buffer), be aligned to the element size, and have the element's width (else Unsupported: the proof
/// models whole elements only). Reading a slot no launch has written (an output or scratch element) is
/// Unsupported: the proof never assumes what memory holds before a kernel runs. Each store records the writing
/// launch, block and thread. A packed register of two symbolic halves is never stored (Unsupported). Integer bits
/// are stored truncated to the store's width and reloaded zero- or sign-extended by the load's type; a symbolic
/// integer (a float rounded to an integer) is reloaded only at exactly the type it was stored at (an s8 reloaded as
/// u8 is another number: Unsupported, never guessed).</summary>
public sealed class SymbolicGlobalMemory : IPtxGlobalMemory<SymVal>
{
    private const ulong Base = 0x1_0000_0000;
    private const ulong Align = 256;

    private readonly List<Buffer> _buffers = new();
    private ulong _next = Base;

    /// <summary>Who stored a slot: launch index, block (x, y, z) and the thread's flat index in the block.</summary>
    public readonly record struct Writer(int Launch, (int X, int Y, int Z) Block, int Thread);

    public sealed class Buffer(string name, DType type, ulong start, long count, bool readOnly)
    {
        public string Name { get; } = name;
        public DType Type { get; } = type;
        public ulong Start { get; } = start;
        public long Count { get; } = count;
        public bool ReadOnly { get; } = readOnly;
        public PtxValue<SymVal>[] Slots { get; } = new PtxValue<SymVal>[count];
        /// <summary>The type of the store that wrote each slot (unset for an input).</summary>
        public PtxType[] StoreTypes { get; } = new PtxType[count];
        public Writer?[] Writers { get; } = new Writer?[count];
        public int[] WriteCounts { get; } = new int[count];
        /// <summary>A store by a thread other than the element's previous writer in the same launch happened.</summary>
        public bool[] MultiWriter { get; } = new bool[count];
        public ulong End => Start + (ulong)(Count * Type.ByteSize());
    }

    /// <summary>The launch and block whose stores are being executed (set by the executor's caller); each store
    /// names its thread.</summary>
    public Writer Current { get; set; }

    /// <summary>The first store into a read-only (input) buffer, if any.</summary>
    public string? InputWrite { get; private set; }

    public IReadOnlyList<Buffer> Buffers => _buffers;

    public Buffer Allocate(string name, DType type, long count, bool readOnly)
    {
        var b = new Buffer(name, type, _next, count, readOnly);
        _buffers.Add(b);
        _next = b.End + (Align - 1) & ~(Align - 1);
        _next += Align; // a gap: one past the end is never inside the next buffer
        return b;
    }

    public PtxMemoryError? Load(ulong address, PtxType type, out PtxValue<SymVal> value)
    {
        value = default;
        var (b, index, error) = Locate(address, type, "load");
        if (error is not null) return error;
        var v = b!.Slots[index];
        if (!v.IsDefined)
            return new PtxMemoryError(PtxFaultKind.Unsupported,
                $"load of {b.Name}[{index}] at 0x{address:X}: no launch has written this element (the proof assumes nothing about memory before a kernel runs)");
        if (PtxSemantics<SymVal>.IsSymbolicInt(v) && b.StoreTypes[index] != type)
            return new PtxMemoryError(PtxFaultKind.Unsupported,
                $"ld.{type.Name()} of {b.Name}[{index}] at 0x{address:X}: it holds a symbolic integer stored as .{b.StoreTypes[index].Name()}; only a reload of the same type is modelled");
        if (v.Kind == PtxValueKind.Bits && type.IsInteger()) // the stored bytes read at this type
            v = PtxValue<SymVal>.OfBits(type.Kind() == PtxTypeKind.Signed ? unchecked((ulong)PtxSemantics<SymVal>.SignExtend(v.Bits, type.Bits())) : v.Bits);
        value = v;
        return null;
    }

    public PtxMemoryError? Store(ulong address, PtxType type, PtxValue<SymVal> value, int thread)
    {
        var (b, index, error) = Locate(address, type, "store");
        if (error is not null) return error;
        if (b!.ReadOnly)
        {
            InputWrite ??= $"store into the input {b.Name}[{index}] at 0x{address:X}";
            return new PtxMemoryError(PtxFaultKind.Unsupported, $"store into the input buffer {b.Name} (inputs are read-only)");
        }
        if (value.Kind == PtxValueKind.Packed) // two symbolic halves are not one element of any buffer type
            return new PtxMemoryError(PtxFaultKind.Unsupported, $"store of a packed pair of symbolic 16-bit halves into {b.Name}[{index}] is not modelled");
        b.Slots[index] = value.Kind == PtxValueKind.Bits ? PtxValue<SymVal>.OfBits(value.Bits & PtxSemantics<SymVal>.Mask(type.Bits())) : value;
        b.StoreTypes[index] = type;
        var writer = Current with { Thread = thread };
        // two threads of one launch, in different blocks or in the same block (warps run in no defined order on a GPU)
        if (b.Writers[index] is { } prev && prev.Launch == writer.Launch && prev != writer) b.MultiWriter[index] = true;
        b.Writers[index] = writer;
        b.WriteCounts[index]++;
        return null;
    }

    private (Buffer?, long, PtxMemoryError?) Locate(ulong address, PtxType type, string what)
    {
        int bytes = type.Bytes();
        foreach (var b in _buffers)
        {
            if (address < b.Start || address >= b.End) continue;
            ulong off = address - b.Start;
            int size = b.Type.ByteSize();
            if (address + (ulong)bytes > b.End)
                return (null, 0, OutOfBounds(what, address, bytes, b));
            if (off % (ulong)size != 0 || bytes != size)
                return (null, 0, new PtxMemoryError(off % (ulong)Math.Max(bytes, 1) != 0 ? PtxFaultKind.Misaligned : PtxFaultKind.Unsupported,
                    $"{what} of {bytes} bytes ({type.Name()}) at 0x{address:X}, byte {off} of {b.Name} ({b.Type.Name()} elements of {size} bytes): only whole, aligned elements are modelled"));
            return (b, (long)(off / (ulong)size), null);
        }
        return (null, 0, OutOfBounds(what, address, bytes, Nearest(address)));
    }

    private Buffer? Nearest(ulong address) =>
        _buffers.OrderBy(b => address < b.Start ? b.Start - address : address >= b.End ? address - b.End + 1 : 0).FirstOrDefault();

    private static PtxMemoryError OutOfBounds(string what, ulong address, int bytes, Buffer? near)
    {
        string where = near is null ? "no buffer" : address >= near.End
            ? $"{(address - near.End).ToString(CultureInfo.InvariantCulture)} bytes past the end of {near.Name} ({near.Count} {near.Type.Name()} elements at 0x{near.Start:X})"
            : address < near.Start
                ? $"{(near.Start - address).ToString(CultureInfo.InvariantCulture)} bytes before {near.Name} (at 0x{near.Start:X})"
                : $"straddling the end of {near.Name} ({near.Count} {near.Type.Name()} elements at 0x{near.Start:X})";
        return new PtxMemoryError(PtxFaultKind.OutOfBounds, $"{what} of {bytes} bytes at 0x{address:X}: outside every buffer, {where}");
    }
}
