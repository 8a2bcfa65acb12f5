namespace KernelC.IR;

/// <summary>Every IR operation. Scalar ops compute one element; Compute defines a whole tensor element by element
/// (at top level, or a local tensor inside any region); Reduce folds its body over index variables (inside a
/// region); For is a sequential loop with carried values (inside a region); Parallel assembles a top-level tensor
/// from independently computed tiles.
/// Text mnemonics are the lower-case names, see <see cref="Opcodes.Mnemonic"/>.</summary>
public enum Opcode
{
    // nullary
    Const,    // attr: Number
    DimValue, // attr: DimName; result: index
    // tensor element access
    Load,     // args: tensor, index...
    // unary
    Neg, Abs, Exp, Log, Sqrt, Rsqrt, Tanh, Erf, Not,
    // conversion (attr: Rounding)
    Cast,
    // binary
    Add, Sub, Mul, Div, Max, Min, And, Or,
    Cmp,      // attr: Pred; result: bool
    Select,   // args: cond, a, b
    // regions
    Reduce,   // attr: Reduction; body region with index variables
    Compute,  // body region with index variables; result: tensor (top level, or a local tensor inside a region)
    // loop level
    For,      // args: bound, init...; Loop: index, step, carried params, body, next; results: Result + MoreResults
    Parallel, // top level only; body region with stepped index variables yielding a tile; result: tensor
}

public enum CmpPred { Lt, Le, Gt, Ge, Eq, Ne }

public enum ReduceKind { Sum, Max, Min }

public static class Opcodes
{
    public static string Mnemonic(this Opcode op) => op switch
    {
        Opcode.DimValue => "dim",
        _ => op.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string mnemonic, out Opcode op)
    {
        foreach (var v in Enum.GetValues<Opcode>())
            if (v.Mnemonic() == mnemonic) { op = v; return true; }
        op = default;
        return false;
    }

    public static bool IsUnary(this Opcode op) => op is >= Opcode.Neg and <= Opcode.Not;
    public static bool IsBinary(this Opcode op) => op is >= Opcode.Add and <= Opcode.Or;
    public static bool IsTranscendental(this Opcode op) => op is Opcode.Exp or Opcode.Log or Opcode.Sqrt
        or Opcode.Rsqrt or Opcode.Tanh or Opcode.Erf;

    public static string Name(this CmpPred p) => p.ToString().ToLowerInvariant();
    public static string Name(this ReduceKind k) => k.ToString().ToLowerInvariant();

    public static bool TryParse(string s, out CmpPred p)
    {
        foreach (var v in Enum.GetValues<CmpPred>())
            if (v.Name() == s) { p = v; return true; }
        p = default;
        return false;
    }

    public static bool TryParse(string s, out ReduceKind k)
    {
        foreach (var v in Enum.GetValues<ReduceKind>())
            if (v.Name() == s) { k = v; return true; }
        k = default;
        return false;
    }
}
