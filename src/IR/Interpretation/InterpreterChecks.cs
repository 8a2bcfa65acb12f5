namespace KernelC.IR;

/// <summary>The interpreter's checks of user input before anything is allocated.</summary>
internal static class InterpreterChecks
{
    /// <summary>Every declared dim given, nothing else; each &gt;= 1 and satisfying the where clause.</summary>
    public static void CheckDims(Kernel k, IReadOnlyDictionary<string, long> dims, DiagnosticBag diags)
    {
        foreach (var d in k.Dims)
        {
            if (!dims.TryGetValue(d, out var v))
            {
                diags.Error(IrDiagnosticIds.MissingDim, k.Name, $"no value for dimension {d}");
                continue;
            }
            if (v < 1) diags.Error(IrDiagnosticIds.DimBelowOne, k.Name, $"dimension {d} = {v}: dimensions are at least 1");
        }
        foreach (var name in dims.Keys.Order(StringComparer.Ordinal))
            if (!k.Dims.Contains(name))
                diags.Error(IrDiagnosticIds.UnknownDim, k.Name, $"kernel @{k.Name} has no dimension {name} (it has: {string.Join(", ", k.Dims)})");
        foreach (var c in k.Constraints)
            if (dims.TryGetValue(c.Dim, out var v) && !c.Holds(v))
                diags.Error(IrDiagnosticIds.DimConstraintViolated, k.Name, $"dimension {c.Dim} = {v} violates the constraint {c}");
    }

    /// <summary>Exactly the parameters as inputs, with the declared dtype and shape (checked axis by axis).</summary>
    public static void CheckInputs(Kernel k, IReadOnlyDictionary<string, long> dims, IReadOnlyDictionary<string, Tensor> inputs,
        DiagnosticBag diags)
    {
        foreach (var p in k.Params)
        {
            if (!inputs.TryGetValue(p.Name, out var t))
            {
                diags.Error(IrDiagnosticIds.MissingInput, k.Name, $"no input tensor for parameter %{p.Name}: {p.Type}");
                continue;
            }
            if (t.DType != p.DType)
                diags.Error(IrDiagnosticIds.InputDType, k.Name, $"input %{p.Name} is {t.DType.Name()} but the kernel declares {p.Type}");
            if (t.Rank != p.Type.Rank)
            {
                diags.Error(IrDiagnosticIds.InputShape, k.Name,
                    $"input %{p.Name} has shape {t.ShapeString} (rank {t.Rank}) but the kernel declares {p.Type} (rank {p.Type.Rank})");
                continue;
            }
            for (int axis = 0; axis < t.Rank; axis++)
            {
                long want = p.Type.Shape[axis].Evaluate(dims);
                if (t.Shape[axis] != want)
                    diags.Error(IrDiagnosticIds.InputShape, k.Name,
                        $"input %{p.Name}: axis {axis} ({p.Type.Shape[axis]}) must be {want} but the tensor's is {t.Shape[axis]} (shape {t.ShapeString})");
            }
        }
        foreach (var name in inputs.Keys.Order(StringComparer.Ordinal))
            if (!k.Params.Any(p => p.Name == name))
                diags.Error(IrDiagnosticIds.UnexpectedInput, k.Name, $"kernel @{k.Name} has no parameter %{name}");
    }

    /// <summary>Every tensor's element count (top-level results, local computes, carried tensors) within
    /// Tensor.MaxElements, computed without overflow.</summary>
    public static void CheckSizes(Kernel k, IReadOnlyDictionary<string, long> dims, DiagnosticBag diags)
    {
        foreach (var v in TensorValues(k.Body))
            if (!Tensor.TryElementCount(v.Type.Shape.Select(e => e.Evaluate(dims)), out _))
                diags.Error(IrDiagnosticIds.TooLarge, k.Name,
                    $"%{v.Name}: {v.Type} has more than {Tensor.MaxElements} elements at these dimensions");
    }

    private static IEnumerable<Value> TensorValues(IEnumerable<Instr> body)
    {
        foreach (var i in body)
        {
            foreach (var r in i.Results.Where(r => !r.Type.IsScalar)) yield return r;
            var inner = i.Body?.Body ?? i.Loop?.Body;
            if (inner is { } b)
                foreach (var v in TensorValues(b)) yield return v;
        }
    }
}
