using System.Collections.Immutable;
using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>One validated header entry. Invariant: End - Begin == ElementCount * DType.ByteSize(), Begin &lt;= End.
/// Offsets are relative to the byte buffer after the header.</summary>
internal sealed record SafeTensorsEntry(string Name, DType DType, ImmutableArray<long> Shape, long ElementCount, long Begin, long End);
