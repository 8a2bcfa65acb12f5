namespace KernelC.IR;

/// <summary>The reference interpreter: evaluates a kernel's computes in order over <see cref="IeeeDomain"/>.
/// Intermediates are kept as computed (unrounded in F64 precision); outputs are stored rounded (RNE) to their
/// dtype. User errors (dims, inputs, sizes, out-of-bounds loads) are KC03xx diagnostics with File = kernel name.</summary>
public static class Interpreter
{
    public static InterpretResult Run(Kernel k, IReadOnlyDictionary<string, long> dims,
        IReadOnlyDictionary<string, Tensor> inputs, Precision precision = Precision.Exact)
    {
        var diags = new DiagnosticBag();
        var findings = IrVerifier.Verify(k);
        foreach (var f in findings) diags.Error(IrDiagnosticIds.InvalidKernel, k.Name, $"the kernel is not valid IR: {f}");
        if (findings.Count > 0) return new InterpretResult(null, diags.Items);
        InterpreterChecks.CheckDims(k, dims, diags);
        if (!diags.HasErrors) InterpreterChecks.CheckInputs(k, dims, inputs, diags);
        if (!diags.HasErrors) InterpreterChecks.CheckSizes(k, dims, diags);
        if (diags.HasErrors) return new InterpretResult(null, diags.Items);

        var domain = precision == Precision.Exact ? IeeeDomain.Exact : IeeeDomain.F64;
        var reader = new ConcreteTensorReader();
        var arrays = new Dictionary<string, (double[] Data, long[] Shape)>();
        foreach (var p in k.Params)
        {
            var t = inputs[p.Name];
            reader.Add(p.Name, t.Data, t.Shape.ToArray());
            arrays[p.Name] = (t.Data, t.Shape.ToArray());
        }
        foreach (var c in k.Body)
        {
            var region = c.Body!;
            var shape = region.Indices.Select(iv => iv.Extent.Evaluate(dims)).ToArray();
            var data = new double[shape.Aggregate(1L, (a, b) => a * b)];
            var eval = new RegionEvaluator<double>(region, domain, reader, dims, x => (long)x);
            var idx = new long[shape.Length];
            for (long off = 0; off < data.Length; off++)
            {
                data[off] = eval.Evaluate(idx);
                // row-major successor of idx (last index fastest)
                for (int a = shape.Length - 1; a >= 0 && ++idx[a] == shape[a]; a--) idx[a] = 0;
            }
            if (reader.OutOfBounds is { } oob)
            {
                diags.Error(IrDiagnosticIds.LoadOutOfBounds, k.Name, $"%{c.Result.Name}: {oob}");
                return new InterpretResult(null, diags.Items);
            }
            reader.Add(c.Result.Name, data, shape);
            arrays[c.Result.Name] = (data, shape);
        }
        var outputs = new Dictionary<string, Tensor>();
        for (int o = 0; o < k.Outputs.Count; o++)
        {
            var decl = k.Outputs[o];
            var (data, shape) = arrays[k.Returns[o].Name];
            var stored = new double[data.Length];
            for (long e = 0; e < data.Length; e++)
                stored[e] = decl.DType.IsFloat() ? FloatFormat.Round(data[e], decl.DType, RoundingMode.NearestEven) : data[e];
            outputs[decl.Name] = new Tensor(decl.DType, [.. shape], stored);
        }
        return new InterpretResult(outputs, diags.Items);
    }
}
