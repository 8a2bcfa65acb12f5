namespace KernelC.IR;

/// <summary>The verifier's walk over one kernel. Invariants checked: every name is defined once (params, index
/// variables, loop indices, carried params, results); a use names a value defined earlier in its region or an
/// enclosing one, with the same type; the top level holds only compute and parallel; reduce and for only in
/// regions; a compute inside a region is a local tensor, visible in that region (and nested ones) only; op typing
/// rules. Loop-level rules are in KernelCheckerLoops.cs.</summary>
internal sealed partial class KernelChecker(Kernel kernel)
{
    private readonly List<VerifierError> _errors = new();
    private readonly HashSet<string> _defined = new();
    private readonly Dictionary<string, Value> _scope = new();
    private readonly Stack<List<string>> _frames = new();
    private readonly HashSet<string> _tensors = new(); // params, compute/parallel results, tensor for values: loadable
    private readonly HashSet<string> _dims = new();

    public List<VerifierError> Run()
    {
        if (!IsName(kernel.Name)) Error(null, "a kernel name is [A-Za-z0-9_]+");
        foreach (var d in kernel.Dims)
        {
            if (!IsWord(d)) Error(null, $"dimension name '{d}' is not a word [A-Za-z_][A-Za-z0-9_]*");
            if (!_dims.Add(d)) Error(null, $"dimension {d} is declared twice");
        }
        foreach (var c in kernel.Constraints) CheckConstraint(c);
        _frames.Push(new List<string>());
        foreach (var p in kernel.Params)
        {
            CheckShape(p.Type, p.Name);
            if (!p.DType.IsStorable()) Error(p.Name, $"parameter dtype {p.DType.Name()} is not storable");
            Define(p);
            _tensors.Add(p.Name);
        }
        var outNames = new HashSet<string>();
        foreach (var o in kernel.Outputs)
        {
            if (!outNames.Add(o.Name)) Error(o.Name, "output name declared twice");
            if (!IsWord(o.Name)) Error(o.Name, "an output name is a word [A-Za-z_][A-Za-z0-9_]*");
            CheckShape(o.Type, o.Name);
            if (!o.DType.IsStorable()) Error(o.Name, $"output dtype {o.DType.Name()} is not storable");
        }
        foreach (var instr in kernel.Body)
        {
            CheckLoopFields(instr);
            if (instr.Op == Opcode.Compute) CheckCompute(instr);
            else if (instr.Op == Opcode.Parallel) CheckParallel(instr);
            else Error(instr.Result.Name, $"the kernel's top level holds only compute and parallel, not {instr.Op.Mnemonic()}");
        }
        if (kernel.Returns.Count != kernel.Outputs.Count)
            Error(null, $"returns {kernel.Returns.Count} values for {kernel.Outputs.Count} outputs");
        for (int i = 0; i < kernel.Returns.Count; i++)
        {
            var r = kernel.Returns[i];
            if (!Use(r, "return")) continue;
            if (i < kernel.Outputs.Count && r.Type != kernel.Outputs[i].Type)
                Error(r.Name, $"returned for output {kernel.Outputs[i].Name}: {kernel.Outputs[i].Type} expected, found {r.Type}");
        }
        return _errors;
    }

    private void Error(string? value, string message) => _errors.Add(new VerifierError(kernel.Name, value, message));

    private void CheckConstraint(DimConstraint c)
    {
        if (!kernel.Dims.Contains(c.Dim)) Error(null, $"constraint on undeclared dimension {c.Dim}");
        bool ok = c.Kind switch
        {
            DimConstraintKind.InSet => c.Values.Count > 0,
            DimConstraintKind.DivisibleBy => c.Values.Count == 1 && c.Values[0] > 0,
            DimConstraintKind.AtLeast or DimConstraintKind.AtMost => c.Values.Count == 1,
            _ => false,
        };
        if (!ok) Error(null, $"malformed constraint on {c.Dim}");
    }

    private void CheckDim(Dim d, string? who)
    {
        if (d is Dim.Sym s && !_dims.Contains(s.Name)) Error(who, $"dimension {s.Name} is not declared in the kernel's dims");
        if (d is Dim.Const c && c.Value < 0) Error(who, $"negative extent {c.Value}");
    }

    private void CheckShape(ValueType t, string who)
    {
        foreach (var d in t.Shape) CheckDim(d, who);
    }

    // the text form's lexical rules: value and kernel names [A-Za-z0-9_]+, other names words
    private static bool IsName(string s) => s.Length > 0 && s.All(IrLexer.IsNameChar);
    private static bool IsWord(string s) => IsName(s) && IrLexer.IsWordStart(s[0]);

    private void Define(Value v)
    {
        if (!IsName(v.Name)) Error(v.Name, "a value name is [A-Za-z0-9_]+");
        if (!_defined.Add(v.Name)) Error(v.Name, "defined more than once (SSA)");
        _scope[v.Name] = v;
        _frames.Peek().Add(v.Name);
    }

    /// <summary>Checks that v is in scope with its defining type.</summary>
    private bool Use(Value v, string where)
    {
        if (!_scope.TryGetValue(v.Name, out var def))
        {
            Error(v.Name, $"used by {where} but not defined before it in this region or an enclosing one");
            return false;
        }
        if (def.Type != v.Type)
        {
            Error(v.Name, $"used by {where} with type {v.Type} but defined with type {def.Type}");
            return false;
        }
        return true;
    }

    private void PopFrame()
    {
        foreach (var n in _frames.Pop()) _scope.Remove(n);
    }

    /// <summary>Checks a region in a new scope frame; returns the yield's dtype (null when the yield is invalid). The
    /// yield is scalar for compute and reduce; a parallel's is its tile (checked by the caller via <paramref name="tile"/>).</summary>
    private DType? CheckRegion(Instr owner, Func<Value, bool>? tile = null)
    {
        var r = owner.Body!;
        _frames.Push(new List<string>());
        foreach (var iv in r.Indices)
        {
            if (iv.Var.Type != ValueType.Scalar(DType.Index)) Error(iv.Var.Name, $"index variable has type {iv.Var.Type}, not index");
            CheckDim(iv.Extent, iv.Var.Name);
            CheckStep(owner, iv);
            Define(iv.Var);
        }
        foreach (var instr in r.Body) CheckInstr(instr);
        DType? result = null;
        if (Use(r.Yield, $"the yield of %{owner.Result.Name}"))
        {
            if (tile is not null) { if (tile(r.Yield)) result = r.Yield.DType; }
            else if (!r.Yield.Type.IsScalar) Error(owner.Result.Name, $"yields {r.Yield}, a tensor; a yield is scalar");
            else result = r.Yield.DType;
        }
        PopFrame();
        return result;
    }

    private void CheckCompute(Instr c)
    {
        var name = c.Result.Name;
        if (c.Args.Count != 0) Error(name, "compute takes no arguments");
        if (c.Body is null) Error(name, "compute has no region");
        else
        {
            var y = CheckRegion(c);
            var expected = new ValueType(y ?? c.Result.DType, c.Body.Indices.Map(iv => iv.Extent));
            if (y is not null && c.Result.Type != expected) Error(name, $"compute result type must be {expected}, found {c.Result.Type}");
        }
        CheckShape(c.Result.Type, name);
        Define(c.Result);
        _tensors.Add(name);
    }

    private void CheckInstr(Instr i)
    {
        var name = i.Result.Name;
        CheckLoopFields(i);
        switch (i.Op)
        {
            case Opcode.Compute:
                CheckCompute(i); // a local tensor of this region
                return;
            case Opcode.Parallel:
                Error(name, "parallel is only allowed at the kernel's top level");
                Define(i.Result);
                return;
            case Opcode.For:
                CheckFor(i);
                return;
            case Opcode.Reduce:
                if (i.Args.Count != 0) Error(name, "reduce takes no arguments");
                if (i.Body is null) Error(name, "reduce has no region");
                else if (CheckRegion(i) is { } y)
                {
                    if (i.Result.Type != ValueType.Scalar(y)) Error(name, $"reduce result must be {y.Name()}, found {i.Result.Type}");
                    if (y == DType.Bool) Error(name, $"reduce.{i.Attrs.Reduction.Name()} over bool");
                }
                Define(i.Result);
                return;
        }
        if (i.Body is not null) Error(name, $"{i.Op.Mnemonic()} has a region");
        bool argsOk = true;
        foreach (var a in i.Args) argsOk &= Use(a, $"%{name}");
        if (!i.Result.Type.IsScalar) Error(name, $"{i.Op.Mnemonic()} produces a scalar, not {i.Result.Type}");
        if (argsOk) new OpTypeRules(i, m => Error(name, m), _tensors, _dims).Check();
        Define(i.Result);
    }
}
