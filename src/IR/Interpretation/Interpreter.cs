namespace KernelC.IR;

/// <summary>The reference interpreter: evaluates a kernel's computes and parallels in order over <see cref="IeeeDomain"/>
/// with <see cref="KernelEvaluator{T}"/>.
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
        var eval = new KernelEvaluator<double>(k, domain, dims, x => (long)x);
        foreach (var p in k.Params) eval.SetInput(p, inputs[p.Name].Data);
        if (!eval.Run(stopAtOutOfBounds: true))
        {
            diags.Error(IrDiagnosticIds.LoadOutOfBounds, k.Name, eval.OutOfBounds!);
            return new InterpretResult(null, diags.Items);
        }
        var outputs = new Dictionary<string, Tensor>();
        foreach (var (decl, data, shape) in eval.Outputs())
        {
            var stored = new double[data.Length];
            for (long e = 0; e < data.Length; e++)
                stored[e] = decl.DType.IsFloat() ? FloatFormat.Round(data[e], decl.DType, RoundingMode.NearestEven) : data[e];
            outputs[decl.Name] = new Tensor(decl.DType, [.. shape], stored);
        }
        return new InterpretResult(outputs, diags.Items);
    }
}
