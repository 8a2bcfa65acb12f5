using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>Global memory as the generic block executor sees it: typed scalar loads and stores at concrete
/// addresses. The concrete interpreter backs it with <see cref="GlobalMemory"/>; a symbolic executor with its own
/// model (e.g. one symbolic value per input element).</summary>
public interface IPtxGlobalMemory<T>
{
    /// <summary>Loads one scalar of <paramref name="type"/>; null on success, else the fault.</summary>
    PtxMemoryError? Load(ulong address, PtxType type, out PtxValue<T> value);

    /// <summary>Stores one scalar of <paramref name="type"/> on behalf of <paramref name="thread"/> (the storing
    /// thread's flat index in its block, so a memory can tell two threads of one block apart); null on success, else
    /// the fault.</summary>
    PtxMemoryError? Store(ulong address, PtxType type, PtxValue<T> value, int thread);
}

/// <summary>A failed memory access: the fault kind (OutOfBounds, Misaligned, Unsupported) and a message.</summary>
public sealed record PtxMemoryError(PtxFaultKind Kind, string Message);
