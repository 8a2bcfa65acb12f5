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

    /// <summary>Stores one scalar of <paramref name="type"/>; null on success, else the fault.</summary>
    PtxMemoryError? Store(ulong address, PtxType type, PtxValue<T> value);
}

/// <summary>A failed memory access: the fault kind (OutOfBounds, Misaligned, Unsupported) and a message.</summary>
public sealed record PtxMemoryError(PtxFaultKind Kind, string Message);
