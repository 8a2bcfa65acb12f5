using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>A pass may change how a kernel computes, never what it is: the same kernels in the same order, each with
/// the same dims, where constraints, parameters (names and types) and outputs (names and types).</summary>
internal static class InterfaceCheck
{
    /// <summary>Null when the interfaces agree, else what differs.</summary>
    public static string? Compare(Module before, Module after)
    {
        var nb = before.Kernels.Select(k => k.Name).ToList();
        var na = after.Kernels.Select(k => k.Name).ToList();
        if (!nb.SequenceEqual(na))
            return $"the interface changed: kernels [{string.Join(", ", nb)}] before, [{string.Join(", ", na)}] after";
        foreach (var kb in before.Kernels)
        {
            var ka = after.Find(kb.Name)!;
            if (kb.Dims != ka.Dims) return $"the interface of @{kb.Name} changed: dims {kb.Dims} before, {ka.Dims} after";
            if (kb.Constraints != ka.Constraints)
                return $"the interface of @{kb.Name} changed: where {kb.Constraints} before, {ka.Constraints} after";
            if (kb.Params != ka.Params) return $"the interface of @{kb.Name} changed: parameters {Sig(kb.Params)} before, {Sig(ka.Params)} after";
            if (kb.Outputs != ka.Outputs) return $"the interface of @{kb.Name} changed: outputs {Sig(kb.Outputs)} before, {Sig(ka.Outputs)} after";
        }
        return null;
    }

    private static string Sig(EqArray<Value> vs) => "(" + string.Join(", ", vs.Select(v => $"{v.Name}: {v.Type}")) + ")";
}
