using KernelC.IR;

namespace KernelC.Backend.Ptx.Model;

/// <summary>A PTX module as read: `.version`, `.target`, `.address_size`, module-level `.shared` (incl.
/// `.extern .shared` dynamic arrays) and the `.entry` kernels, in text order. Immutable.</summary>
public sealed record PtxModule(string FileName, string Version, string Target, int AddressSize,
    EqArray<PtxSharedDecl> Shared, EqArray<PtxEntry> Entries)
{
    /// <summary>The entry with this name, or null.</summary>
    public PtxEntry? FindEntry(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>The sm number of the target ("sm_80" → 80); 0 if the target is not sm_NN.</summary>
    public int SmVersion => PtxVersions.Sm(Target);
}
