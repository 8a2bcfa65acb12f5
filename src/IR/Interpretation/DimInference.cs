namespace KernelC.IR;

/// <summary>Fills dimension values not given from the shapes of the input tensors.</summary>
public static class DimInference
{
    /// <summary>Given values win only if consistent: a dimension whose value differs between two sources (given,
    /// or an axis of an input) is KC0329 naming both. Inputs of the wrong rank are skipped (the interpreter reports
    /// them). Returns null when an error was reported; dims that no source determines are left out.</summary>
    public static IReadOnlyDictionary<string, long>? Infer(Kernel k, IReadOnlyDictionary<string, long> given,
        IReadOnlyDictionary<string, Tensor> inputs, DiagnosticBag diags)
    {
        var values = new Dictionary<string, long>(given);
        var sources = given.Keys.ToDictionary(n => n, _ => "the given dimension values");
        bool ok = true;
        foreach (var p in k.Params)
        {
            if (!inputs.TryGetValue(p.Name, out var t) || t.Rank != p.Type.Rank) continue;
            for (int axis = 0; axis < t.Rank; axis++)
            {
                if (p.Type.Shape[axis] is not Dim.Sym s || !k.Dims.Contains(s.Name)) continue;
                long v = t.Shape[axis];
                string source = $"input %{p.Name} axis {axis}";
                if (values.TryGetValue(s.Name, out var prev))
                {
                    if (prev != v)
                    {
                        diags.Error(IrDiagnosticIds.DimConflict, k.Name,
                            $"dimension {s.Name} is {prev} from {sources[s.Name]} but {v} from {source}");
                        ok = false;
                    }
                }
                else
                {
                    values[s.Name] = v;
                    sources[s.Name] = source;
                }
            }
        }
        return ok ? values : null;
    }
}
