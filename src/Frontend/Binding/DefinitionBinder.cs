using KernelC.Frontend.Syntax;
using KernelC.IR;
using static KernelC.Frontend.DiagnosticIds;

namespace KernelC.Frontend.Binding;

/// <summary>Checks a kernel body in order. A definition may use parameters and earlier definitions only (so there
/// are no cycles); each output is defined exactly once with its declared rank, extents and dtype.</summary>
internal sealed class DefinitionBinder(KernelSyntax kernel, EqArray<BoundTensor> ps, EqArray<BoundTensor> outs,
    List<string> dims, DiagnosticBag diags)
{
    private readonly Dictionary<string, BoundTensor> _defined = new();
    private readonly BoundDefinition?[] _outputDefs = new BoundDefinition?[outs.Count];
    // outputs with a definition, even one with errors (so a broken definition is not also reported as missing)
    private readonly bool[] _outputSeen = new bool[outs.Count];

    public EqArray<BoundDefinition> OutputDefinitions { get; private set; } = EqArray<BoundDefinition>.Empty;

    public EqArray<BoundDefinition> BindAll()
    {
        foreach (var p in ps) _defined.TryAdd(p.Name, p);
        var definedAt = new Dictionary<string, int>();
        var result = new List<BoundDefinition>();
        for (int n = 0; n < kernel.Definitions.Count; n++)
        {
            var d = kernel.Definitions[n];
            // names defined after this one (not counting this one)
            var rest = new HashSet<string>(kernel.Definitions.Skip(n + 1).Select(x => x.Name.Text));
            var def = BindDefinition(d, rest, definedAt);
            if (def is not null) result.Add(def);
        }
        for (int i = 0; i < outs.Count; i++)
            if (!_outputSeen[i])
                diags.Error(OutputNotDefined, kernel.Outputs[i].Name.Span, $"output '{outs[i].Name}' is never defined: add a definition '{outs[i].Name}[...] = ...'");
        if (_outputDefs.All(o => o is not null)) OutputDefinitions = _outputDefs.Select(o => o!).ToEqArray();
        return result.ToEqArray();
    }

    private BoundDefinition? BindDefinition(DefinitionSyntax d, HashSet<string> later, Dictionary<string, int> definedAt)
    {
        var name = d.Name.Text;
        int outIndex = -1;
        for (int i = 0; i < outs.Count; i++) if (outs[i].Name == name) outIndex = i;
        bool ok = true;
        if (ps.Any(p => p.Name == name))
        { diags.Error(Redefinition, d.Name.Span, $"'{name}' is a parameter and cannot be redefined"); ok = false; }
        else if (definedAt.TryGetValue(name, out var line))
        {
            var what = outIndex >= 0 ? "output" : "tensor";
            diags.Error(Redefinition, d.Name.Span, $"{what} '{name}' is already defined at line {line}");
            ok = false;
        }
        else if (dims.Contains(name))
        { diags.Error(Redefinition, d.Name.Span, $"'{name}' is a dimension and cannot be defined"); ok = false; }

        var scope = new BodyScope(dims, _defined, later, name);
        var indices = new List<BoundIndex>();
        foreach (var ix in d.Indices)
        {
            if (indices.Any(x => x.Name == ix.Text))
            { diags.Error(DuplicateIndex, ix.Span, $"index '{ix.Text}' appears twice on the left-hand side"); ok = false; continue; }
            if (scope.IsReservedForIndex(ix.Text) || ps.Any(p => p.Name == ix.Text) || outs.Any(o => o.Name == ix.Text))
                diags.Error(IndexShadowing, ix.Span, $"index '{ix.Text}' has the name of a tensor or dimension: rename it");
            indices.Add(new BoundIndex(ix.Text, ix.Span));
        }
        scope.Push(indices);
        DType? expected = outIndex >= 0 ? outs[outIndex].DType : null;
        var value = new ExprBinder(scope, diags).Bind(d.Value, expected);
        scope.Pop();

        if (outIndex >= 0) _outputSeen[outIndex] = true;
        // After an error in the value, unbound extents are consequences of it: report them only on a clean value.
        foreach (var ix in indices)
            if (ix.Extent is null && value is not BoundError)
            {
                diags.Error(IndexWithoutExtent, ix.Declaration, $"index '{ix.Name}' is not used to index any tensor on the right-hand side, so its extent is unknown");
                ok = false;
            }
        if (value is BoundError) ok = false;
        else if (value.Type == DType.Index)
        { diags.Error(IndexTypedDefinition, d.Value.Span, $"'{name}' would hold integer index values: convert them, e.g. i32(...) or f32(...)"); ok = false; }
        else if (value.Type == DType.Bool)
        { diags.Error(BoolWhereNumberNeeded, d.Value.Span, $"'{name}' would hold conditions: a tensor holds numbers, use where(cond, a, b)"); ok = false; }

        var shape = indices.Select(x => x.Extent ?? Dim.Of(1)).ToEqArray();
        var dtype = value is BoundError ? (expected ?? DType.F32) : value.Type;
        var tensor = new BoundTensor(name, dtype, shape, TensorKind.Definition);

        if (outIndex >= 0 && ok)
        {
            var decl = outs[outIndex];
            if (indices.Count != decl.Rank)
            { diags.Error(OutputShapeMismatch, d.Name.Span, $"output '{name}' has rank {decl.Rank} but is defined with {indices.Count} indices"); ok = false; }
            else
                for (int i = 0; i < indices.Count; i++)
                    if (!Equals(shape[i], decl.Shape[i]))
                    {
                        diags.Error(OutputShapeMismatch, d.Indices[i].Span,
                            $"output '{name}' is declared with extent {decl.Shape[i]} in position {i + 1}, but index '{indices[i].Name}' ranges over {shape[i]} ({indices[i].ExtentSource})");
                        ok = false;
                    }
            if (dtype != decl.DType)
            {
                diags.Error(OutputDTypeMismatch, d.Value.Span, $"output '{name}' is declared {decl.DType.Name()} but its definition is {dtype.Name()}: convert explicitly, e.g. {decl.DType.Name()}(...)");
                ok = false;
            }
            tensor = tensor with { DType = decl.DType, Shape = decl.Shape };
        }

        if (!definedAt.ContainsKey(name)) definedAt[name] = d.Name.Span.StartPosition.Line;
        _defined.TryAdd(name, tensor);
        if (!ok) return null;
        var def = new BoundDefinition(tensor, indices.ToEqArray(), value);
        if (outIndex >= 0 && _outputDefs[outIndex] is null) _outputDefs[outIndex] = def;
        return def;
    }
}
