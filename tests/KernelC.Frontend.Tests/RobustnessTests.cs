using KernelC.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using KernelC.IR;

namespace KernelC.Frontend.Tests;

/// <summary>No input makes the front end throw: it returns a module or reports errors, never both, never neither.</summary>
public class RobustnessTests
{
    private static bool CompilesOrReports(string text)
    {
        var diags = new DiagnosticBag();
        var m = FrontEnd.Compile(new SourceText("fuzz.kc", text), diags);
        if (m is null != diags.HasErrors) return false;
        // every diagnostic formats (spans inside the text)
        foreach (var d in diags.Items) _ = d.Format();
        return true;
    }

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void RandomTextNeverThrows()
    {
        var chars = "kernel where in sum max min inf schedule f32 f16 ->()[]{},:;=+-*/<>!&|%\"./\n\t 0123456789.eE_xyzNDijq$#\u00e9\ud83d"
            .ToCharArray();
        var gen = Gen.OneOf(
            Gen.ArrayOf(Gen.Elements(chars)).Select(a => new string(a)),
            Gen.ArrayOf(Gen.Choose(0, 0xFFFF)).Select(a => new string(a.Select(c => (char)c).ToArray())));
        Prop.ForAll(gen.ToArbitrary(), CompilesOrReports).Check(FuzzBudget.Config());
    }

    private static readonly string[] Examples =
        TestFiles.Kc(TestFiles.Examples).Select(File.ReadAllText).ToArray();

    private static readonly string[] Fragments =
    {
        "sum[j]", "max[", "]", "[", "(", ")", ",", "-inf", "1e-5", "where(", "f16(", ", rz)", "&&", "!", "<=",
        "q[i, d]", "x", "N", "i", "kernel", "{", "}", "->", ":", "f32[N]", "/*", "//", "\"", "=", "* 2", "/ 0",
    };

    [Trait("Category", FuzzBudget.Category)]
    [Fact]
    public void MutatedExamplesNeverThrow()
    {
        var gen =
            from src in Gen.Elements(Examples)
            from ops in Gen.ArrayOf(
                from kind in Gen.Choose(0, 3)
                from at in Gen.Choose(0, 100000)
                from frag in Gen.Choose(0, Fragments.Length - 1)
                select (kind, at, frag))
            select Mutate(src, ops);
        Prop.ForAll(gen.ToArbitrary(), CompilesOrReports).Check(FuzzBudget.Config());
    }

    private static string Mutate(string s, (int, int, int)[] ops)
    {
        foreach (var (kind, at, frag) in ops.Take(4))
        {
            if (s.Length == 0) break;
            int p = at % s.Length;
            s = kind switch
            {
                0 => s.Remove(p, Math.Min(1 + at % 7, s.Length - p)),          // delete a few characters
                1 => s.Insert(p, Fragments[frag]),                             // insert a token-like fragment
                2 => s.Insert(p, s.Substring(p, Math.Min(1 + at % 13, s.Length - p))), // duplicate a slice
                _ => s.Insert(p, " ") ,                                        // split a token
            };
        }
        return s;
    }

    [Fact]
    public void LongAndDeepButWithinLimitsCompiles()
    {
        // 250 nested parentheses, a 5000-term sum and a 5000-long chain of unary minus all compile without overflow.
        var deep = new string('(', 250) + "x[i]" + new string(')', 250);
        var wide = string.Join(" + ", Enumerable.Repeat("x[i]", 5000));
        var chain = string.Concat(Enumerable.Repeat("- ", 5000)) + "x[i]";
        TestFiles.CompileOk($"kernel k(x: f32[N]) -> (a: f32[N], b: f32[N], c: f32[N]) {{ a[i] = {deep}  b[i] = {wide}  c[i] = {chain} }}");
    }
}
