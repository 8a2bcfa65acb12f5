using FsCheck;
using FsCheck.Fluent;

namespace KernelC.Tests.Shared;

/// <summary>Random well-typed KernelC programs, generated as source text: three statements (t1[i, j], t2[i], o[i, j])
/// over the fixed signature <see cref="Header"/> (extents i ∈ N, j ∈ M), with expressions of depth up to 3: arithmetic,
/// constants (incl. inf), unary functions, max/min, where with comparisons and index conditions, and sum/max/min
/// reductions over a fresh index. <see cref="Functions"/> picks the unary functions: all of them, or only those whose
/// PTX is IEEE-exact (<see cref="ExactFunctions"/>). Linked into the test projects that generate programs.</summary>
public static class RandomPrograms
{
    public const string Header = "kernel g(a: f32[N, M], b: f32[M], c: f32[N], s: f32, h: f16[N, M]) -> o: f32[N, M]\n{\n";

    /// <summary>Every unary function of the language.</summary>
    public static readonly string[] AllFunctions = ["exp", "log", "sqrt", "rsqrt", "tanh", "erf", "gelu", "abs", "-"];

    /// <summary>The unary functions whose emitted PTX is correctly rounded (sqrt.rn) or exact (abs, neg): no
    /// approximation between the PTX and the reference interpreter.</summary>
    public static readonly string[] ExactFunctions = ["sqrt", "abs", "-"];

    private sealed record Scope(bool HasJ, bool HasT1, int Depth, int Fresh, string[] Functions);

    /// <summary>Programs whose unary functions are drawn from <paramref name="functions"/>.</summary>
    public static Gen<string> Program(string[] functions) =>
        from d in Gen.Choose(0, 3)
        from t1 in Expr(new Scope(true, false, d, 0, functions))
        from t2 in Expr(new Scope(false, false, d, 10, functions))
        from o in Expr(new Scope(true, true, d, 20, functions))
        select Header + $"  t1[i, j] = a[i, j] + {t1}\n  t2[i] = c[i] * {t2}\n  o[i, j] = t1[i, j] * t2[i] + {o}\n}}\n";

    /// <summary>An f32 expression over the index variables in scope (i always; j when HasJ).</summary>
    private static Gen<string> Expr(Scope sc)
    {
        var leaves = new List<string> { "c[i]", "s", "f32(i)" };
        if (sc.HasJ) leaves.AddRange(new[] { "a[i, j]", "b[j]", "f32(h[i, j])", "f32(h[i, j] * 0.5, rz)" });
        if (sc.HasJ && sc.HasT1) leaves.Add("t1[i, j]");
        var leaf = Gen.Elements(leaves.ToArray());
        if (sc.Depth <= 0) return leaf;
        var sub = sc with { Depth = sc.Depth - 1 };
        var r = "r" + sc.Fresh;
        var inner = sub with { Fresh = sc.Fresh + 1 };
        return Gen.OneOf(
            leaf,
            leaf,
            from x in Expr(inner) from op in Gen.Elements("+", "-", "*", "/") from y in Expr(inner) select $"({x} {op} {y})",
            from x in Expr(inner) from k in Gen.Elements("2", "0.5", "1e-5", "sqrt(N)", "M", "inf") select $"({x} * {k})",
            from f in Gen.Elements(sc.Functions) from x in Expr(inner) select $"{f}({x})",
            from f in Gen.Elements("max", "min") from x in Expr(inner) from y in Expr(inner) select $"{f}({x}, {y})",
            from cnd in Cond(inner) from x in Expr(inner) from y in Expr(inner) select $"where({cnd}, {x}, {y})",
            // a reduction over a fresh index of extent M; its body extends to the closing parenthesis
            from kind in Gen.Elements("sum", "max", "min") from x in Expr(inner with { HasJ = false }) select $"({kind}[{r}] b[{r}] * {x})");
    }

    private static Gen<string> Cond(Scope sc)
    {
        var cmp = from x in Expr(sc with { Depth = 0 }) from op in Gen.Elements("<", "<=", ">", ">=", "==", "!=") from y in Expr(sc with { Depth = 0 }) select $"{x} {op} {y}";
        var idx = Gen.Constant(sc.HasJ ? "f32(j) <= f32(i) + 1" : "i >= 1");
        return Gen.OneOf(cmp, idx,
            from a in cmp from b in idx select $"({a} && !({b}))",
            from a in cmp from b in idx select $"({a} || {b})");
    }
}
