namespace KernelC.Backend.Ptx.Model;

/// <summary>PTX state spaces KernelC uses. Generic: a generic address (ld/st without a space).</summary>
public enum PtxStateSpace { Generic, Reg, Param, Global, Shared, Local, Const }

public static class PtxStateSpaces
{
    public static string Name(this PtxStateSpace s) => s.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out PtxStateSpace s)
    {
        foreach (var v in Enum.GetValues<PtxStateSpace>())
            if (v != PtxStateSpace.Generic && v.Name() == name) { s = v; return true; }
        s = default;
        return false;
    }
}
