using System.Buffers.Binary;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary><see cref="GlobalMemory"/> as the block executor's global memory over the concrete domain: an access
/// outside every allocation is OutOfBounds, one not aligned to its size Misaligned; values little-endian.</summary>
public sealed class ConcreteGlobalMemory(GlobalMemory memory) : IPtxGlobalMemory<double>
{
    private readonly PtxSemantics<double> _semantics = new(ConcretePtxDomain.Instance);

    public PtxMemoryError? Load(ulong address, PtxType type, out PtxValue<double> value)
    {
        value = default;
        int n = type.Bytes();
        if (Locate(address, n, "read") is not { } loc) return _error;
        var span = loc.Data.AsSpan(loc.Offset, n);
        ulong bits = n switch
        {
            1 => span[0], 2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span), _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
        value = _semantics.FromMemory(bits, type);
        return null;
    }

    public PtxMemoryError? Store(ulong address, PtxType type, PtxValue<double> value, int thread)
    {
        int n = type.Bytes();
        if (Locate(address, n, "write") is not { } loc) return _error;
        ulong bits;
        try { bits = _semantics.AsBits(value, n * 8); }
        catch (PtxSemanticsException e) { return new PtxMemoryError(e.Kind, e.Message); }
        var span = loc.Data.AsSpan(loc.Offset, n);
        switch (n)
        {
            case 1: span[0] = (byte)bits; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)bits); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)bits); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, bits); break;
        }
        return null;
    }

    private PtxMemoryError? _error;

    private (byte[] Data, int Offset)? Locate(ulong address, int n, string verb)
    {
        var loc = memory.Resolve(address, n);
        if (loc is null)
        {
            _error = new PtxMemoryError(PtxFaultKind.OutOfBounds, $"global {verb} of {n} bytes at 0x{address:X} is outside every allocation");
            return null;
        }
        if (address % (ulong)n != 0)
        {
            _error = new PtxMemoryError(PtxFaultKind.Misaligned, $"global {verb} of {n} bytes at 0x{address:X} is not {n}-byte aligned");
            return null;
        }
        return loc;
    }
}
