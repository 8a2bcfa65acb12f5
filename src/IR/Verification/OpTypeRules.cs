namespace KernelC.IR;

/// <summary>The typing rule of each scalar op (arity, operand and result dtypes), given operands in scope.</summary>
internal readonly struct OpTypeRules(Instr i, Action<string> error, HashSet<string> tensors, HashSet<string> dims)
{
    private DType R => i.Result.DType;
    private string M => i.Op.Mnemonic();

    public void Check()
    {
        if (!Arity()) return;
        if (i.Op != Opcode.Load)
            foreach (var a in i.Args)
                if (!a.Type.IsScalar) { error($"{M} operand {a} is a tensor; only load reads tensors"); return; }
        switch (i.Op)
        {
            case Opcode.Const:
                if (!FloatFormat.IsRepresentable(i.Attrs.Number, R)) error($"constant {i.Attrs.Number:R} is not representable in {R.Name()}");
                break;
            case Opcode.DimValue:
                if (i.Attrs.DimName is not { } d || !dims.Contains(d)) error($"dim {i.Attrs.DimName} is not declared in the kernel's dims");
                if (R != DType.Index) error($"dim produces index, not {R.Name()}");
                break;
            case Opcode.Load: CheckLoad(); break;
            case Opcode.Neg or Opcode.Abs or Opcode.Add or Opcode.Sub or Opcode.Mul or Opcode.Max or Opcode.Min:
                if (R == DType.Bool) error($"{M} on bool");
                SameAsResult();
                break;
            case Opcode.Div:
                if (!R.IsFloat()) error($"div on {R.Name()}: only floats divide (integer division does not exist)");
                SameAsResult();
                break;
            case Opcode.Exp or Opcode.Log or Opcode.Sqrt or Opcode.Rsqrt or Opcode.Tanh or Opcode.Erf:
                if (!R.IsFloat()) error($"{M} on {R.Name()}: transcendentals are float only");
                SameAsResult();
                break;
            case Opcode.And or Opcode.Or or Opcode.Not:
                if (R != DType.Bool) error($"{M} produces bool, not {R.Name()}");
                SameAsResult();
                break;
            case Opcode.Cast:
                if (i.Args[0].DType == DType.Bool) error("cast from bool");
                if (R == DType.Bool) error("cast to bool");
                break;
            case Opcode.Cmp:
                if (i.Args[0].DType != i.Args[1].DType) error($"cmp of {i.Args[0].DType.Name()} and {i.Args[1].DType.Name()}: operands must have one dtype");
                if (R != DType.Bool) error($"cmp produces bool, not {R.Name()}");
                break;
            case Opcode.Select:
                if (i.Args[0].DType != DType.Bool) error($"select condition {i.Args[0]} is {i.Args[0].DType.Name()}, not bool");
                if (i.Args[1].DType != R || i.Args[2].DType != R)
                    error($"select branches {i.Args[1].DType.Name()}, {i.Args[2].DType.Name()} and result {R.Name()} must have one dtype");
                break;
            default:
                error($"{M} is not a scalar op");
                break;
        }
    }

    private bool Arity()
    {
        int n = i.Op switch
        {
            Opcode.Const or Opcode.DimValue => 0,
            Opcode.Load => -1,
            Opcode.Select => 3,
            Opcode.Cast => 1,
            Opcode.Cmp => 2,
            _ when i.Op.IsUnary() => 1,
            _ when i.Op.IsBinary() => 2,
            _ => -2,
        };
        if (n == -1 && i.Args.Count == 0) { error("load needs a tensor operand"); return false; }
        if (n >= 0 && i.Args.Count != n) { error($"{M} takes {n} operands, found {i.Args.Count}"); return false; }
        return true;
    }

    private void SameAsResult()
    {
        foreach (var a in i.Args)
            if (a.DType != R) { error($"{M} operand {a} is {a.DType.Name()} but the result is {R.Name()}"); return; }
    }

    private void CheckLoad()
    {
        var t = i.Args[0];
        if (!tensors.Contains(t.Name)) { error($"load from {t}, which is not a tensor (parameter, compute, parallel or for result, carried tensor)"); return; }
        if (i.Args.Count - 1 != t.Type.Rank) error($"load from {t} of rank {t.Type.Rank} with {i.Args.Count - 1} indices");
        for (int k = 1; k < i.Args.Count; k++)
            if (i.Args[k].Type != ValueType.Scalar(DType.Index)) error($"load index {i.Args[k]} is {i.Args[k].Type}, not index");
        if (R != t.DType) error($"load from {t} produces {t.DType.Name()}, not {R.Name()}");
    }
}
