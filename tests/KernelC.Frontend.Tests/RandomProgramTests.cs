using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;

namespace KernelC.Frontend.Tests;

/// <summary>Random well-typed programs (generated as source text) compile, their IR passes the verifier and the
/// reference interpreter runs them at small sizes without complaint.</summary>
public class RandomProgramTests
{
    // Signature shared by all generated kernels: extents i ∈ N, j ∈ M.
    private const string Header = "kernel g(a: f32[N, M], b: f32[M], c: f32[N], s: f32, h: f16[N, M]) -> o: f32[N, M]\n{\n";

    private sealed record Scope(bool HasJ, bool HasT1, int Depth, int Fresh);

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
            from f in Gen.Elements("exp", "log", "sqrt", "rsqrt", "tanh", "erf", "gelu", "abs", "-") from x in Expr(inner) select $"{f}({x})",
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

    private static readonly Gen<string> Program =
        from d in Gen.Choose(0, 3)
        from t1 in Expr(new Scope(true, false, d, 0))
        from t2 in Expr(new Scope(false, false, d, 10))
        from o in Expr(new Scope(true, true, d, 20))
        select Header + $"  t1[i, j] = a[i, j] + {t1}\n  t2[i] = c[i] * {t2}\n  o[i, j] = t1[i, j] * t2[i] + {o}\n}}\n";

    [Fact]
    public void GeneratedWellTypedProgramsCompileVerifyAndRun()
    {
        var dims = new Dictionary<string, long> { ["N"] = 2, ["M"] = 3 };
        var inputs = new Dictionary<string, Tensor>
        {
            ["a"] = new(DType.F32, [2, 3], [1, -2, 3, 0.5, 0.25, -1]),
            ["b"] = new(DType.F32, [3], [0.5, 1, 2]),
            ["c"] = new(DType.F32, [2], [3, -4]),
            ["s"] = new(DType.F32, [], [1.5]),
            ["h"] = new(DType.F16, [2, 3], [1, 2, 0.5, -1, 0, 4]),
        };
        Prop.ForAll(Program.ToArbitrary(), src =>
        {
            var diags = new DiagnosticBag();
            var m = FrontEnd.Compile(new SourceText("gen.kc", src), diags);
            if (m is null) throw new Xunit.Sdk.XunitException(src + "\n" + string.Join("\n", diags.Items.Select(x => x.Format())));
            Assert.Empty(IrVerifier.Verify(m));
            var r = Interpreter.Run(m.Kernels[0], dims, inputs);
            Assert.Empty(r.Diagnostics);
            Assert.NotNull(r.Outputs);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TheGeneratorCanProduceIllTypedProgramsWhenBroken()
    {
        // The property above must be able to fail: the same harness rejects a program with an f16 * f32 mix.
        var src = Header + "  o[i, j] = a[i, j] * h[i, j]\n}\n";
        Assert.Equal("KC0213", Assert.Single(TestFiles.CompileErrors(src)).Id);
    }
}
