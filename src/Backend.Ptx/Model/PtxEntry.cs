using KernelC.IR;

namespace KernelC.Backend.Ptx.Model;

/// <summary>One `.entry` kernel: its parameters, register and shared declarations, labels and instructions.
/// Invariant: every label's Index is a valid instruction index or Instructions.Count (a label at the end).</summary>
public sealed record PtxEntry(string Name, EqArray<PtxParam> Params, EqArray<PtxRegDecl> Registers,
    EqArray<PtxSharedDecl> Shared, EqArray<PtxLabel> Labels, EqArray<PtxInstruction> Instructions, int Line)
{
    public PtxLabel? FindLabel(string name) => Labels.FirstOrDefault(l => l.Name == name);
}

/// <summary>A `.param` of an entry: `.param .u64 name` (optionally `.ptr .global .align N`, which is recorded only).</summary>
public sealed record PtxParam(string Name, PtxType Type, int Line);

/// <summary>`.reg .T name;` (Count = 0) or `.reg .T %r&lt;N&gt;;` declaring %r0 .. %r(N-1) (Count = N).</summary>
public sealed record PtxRegDecl(string Name, PtxType Type, int Count, int Line)
{
    /// <summary>The register names this declaration introduces.</summary>
    public IEnumerable<string> Names() =>
        Count == 0 ? [Name] : Enumerable.Range(0, Count).Select(i => Name + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>`[.extern] .shared .align A .T name[N];` — Count elements of ElementType (Count = 0: an `.extern`
/// array of unspecified size, i.e. the dynamic shared memory).</summary>
public sealed record PtxSharedDecl(string Name, PtxType ElementType, int Align, long Count, bool Extern, int Line)
{
    public long Bytes => Count * ElementType.Bytes();
}

/// <summary>A label `name:`; Index is the instruction it precedes.</summary>
public sealed record PtxLabel(string Name, int Index, int Line);
