using KernelC.Frontend.Syntax;
using KernelC.IR;
using static KernelC.Frontend.DiagnosticIds;

namespace KernelC.Frontend.Binding;

/// <summary>Checks a parsed unit: names, shapes, extents, dtypes. Reports every independent error it finds
/// (KC02xx) and returns the bound kernels; the result is meaningful only when no error was reported.</summary>
public static class Binder
{
    public static EqArray<BoundKernel> Bind(SourceUnit unit, DiagnosticBag diags)
    {
        var names = new Dictionary<string, Identifier>();
        var kernels = new List<BoundKernel>();
        foreach (var k in unit.Kernels)
        {
            if (names.TryGetValue(k.Name.Text, out var first))
                diags.Error(DuplicateKernel, k.Name.Span, $"kernel '{k.Name.Text}' is already defined at line {first.Span.StartPosition.Line}");
            else
                names[k.Name.Text] = k.Name;
            kernels.Add(BindKernel(k, diags));
        }
        return kernels.ToEqArray();
    }

    private static BoundKernel BindKernel(KernelSyntax k, DiagnosticBag diags)
    {
        var dims = new List<string>();
        var tensors = new Dictionary<string, Identifier>();
        BoundTensor Signature(ParamSyntax p, bool output)
        {
            if (tensors.TryGetValue(p.Name.Text, out var first))
                diags.Error(DuplicateName, p.Name.Span, $"'{p.Name.Text}' is already declared at line {first.Span.StartPosition.Line}");
            else
                tensors[p.Name.Text] = p.Name;
            var dt = DType.F32;
            if (!DTypes.TryParse(p.Type.DType.Text, out dt) || !dt.IsStorable())
            {
                diags.Error(UnknownDType, p.Type.DType.Span, $"unknown dtype '{p.Type.DType.Text}': use f64, f32, f16, bf16, i8 or i32");
                dt = DType.F32;
            }
            var shape = new List<Dim>();
            foreach (var d in p.Type.Dims)
            {
                if (d.Name is { } n)
                {
                    if (!dims.Contains(n.Text)) dims.Add(n.Text);
                    shape.Add(Dim.Of(n.Text));
                }
                else
                {
                    if (d.Value < 1) diags.Error(BadConstraintOrExtent, d.Span, $"extent {d.Value} is not allowed: every extent is at least 1");
                    shape.Add(Dim.Of(Math.Max(1, d.Value)));
                }
            }
            return new BoundTensor(p.Name.Text, dt, shape.ToEqArray(), output ? TensorKind.Definition : TensorKind.Param);
        }

        var ps = k.Params.Select(p => Signature(p, false)).ToEqArray();
        var outs = k.Outputs.Select(p => Signature(p, true)).ToEqArray();
        foreach (var p in k.Params.Concat(k.Outputs))
            if (dims.Contains(p.Name.Text))
                diags.Error(DuplicateName, p.Name.Span, $"'{p.Name.Text}' is both a tensor and a dimension name");

        var constraints = new List<DimConstraint>();
        foreach (var c in k.Constraints)
            if (BindConstraint(c, dims, diags) is { } bc) constraints.Add(bc);

        var body = new DefinitionBinder(k, ps, outs, dims, diags);
        var defs = body.BindAll();
        return new BoundKernel(k.Name.Text, dims.ToEqArray(), constraints.ToEqArray(), ps, outs, defs,
            body.OutputDefinitions, k.Schedule);
    }

    private static DimConstraint? BindConstraint(ConstraintSyntax c, List<string> dims, DiagnosticBag diags)
    {
        if (!dims.Contains(c.Dim.Text))
        {
            diags.Error(ConstraintOnUnknownDim, c.Dim.Span, $"'{c.Dim.Text}' is not a dimension of any parameter or output shape");
            return null;
        }
        switch (c.Kind)
        {
            case DimConstraintKind.InSet when c.Values.Any(v => v < 1):
                diags.Error(BadConstraintOrExtent, c.Span, $"every value of {c.Dim.Text} must be at least 1");
                return null;
            case DimConstraintKind.DivisibleBy when c.Values[0] < 1:
                diags.Error(BadConstraintOrExtent, c.Span, "the divisor must be at least 1");
                return null;
            case DimConstraintKind.DivisibleBy when c.Remainder != 0:
                diags.Error(BadConstraintOrExtent, c.Span, $"only divisibility is supported: write {c.Dim.Text} % {c.Values[0]} == 0");
                return null;
        }
        return new DimConstraint(c.Dim.Text, c.Kind, c.Values);
    }
}
