using KernelC.IR;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Solvers;

namespace KernelC.Checker.Tests;

internal static class CheckerSupport
{
    public static readonly CheckOptions Options = new(new Z3Solver(), new SolverLimits(TimeoutMs: 20_000));

    public static Module Parse(string text)
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText("test.kcir", text), diags);
        Assert.True(m is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return m!;
    }

    public static Certificate Cert(Module before, Module after, CertificateRule rule, params (string Key, string Value)[] hints) =>
        new("test-pass", rule, IrHash.Of(before), IrHash.Of(after), hints.Select(h => new CertificateHint(h.Key, h.Value)).ToEqArray());

    public static CheckReport Check(string before, string after, CertificateRule rule = CertificateRule.Congruence,
        params (string Key, string Value)[] hints)
    {
        var b = Parse(before);
        var a = Parse(after);
        return KernelC.Verifier.Checking.Checker.Check(b, a, Cert(b, a, rule, hints), Options);
    }

    public static ObligationOutcome Outcome(CheckReport r, string name)
    {
        Assert.Null(r.Rejection);
        var o = r.Obligations.FirstOrDefault(x => x.Record.Name == name);
        Assert.True(o is not null, $"no obligation {name}; have: {string.Join(", ", r.Obligations.Select(x => x.Record.Name))}");
        return o!;
    }

    public static string Summary(CheckReport r) =>
        r.Rejection ?? string.Join("\n", r.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict}"));

    /// <summary>The obligation is Refuted and its counterexample, replayed again here with the reference interpreter,
    /// really shows the two values it reports.</summary>
    public static ConcreteCounterexample AssertRefutedWithReplay(CheckReport r, string name, string before, string after)
    {
        var o = Outcome(r, name);
        Assert.True(o.Verdict is Verdict.Refuted, $"{name}: {o.Verdict}\n{Summary(r)}");
        var cex = o.Counterexample;
        Assert.NotNull(cex);
        Assert.False(SameBits(cex!.Before, cex.After), cex.Describe());
        Assert.Equal("refuted", o.Record.Verdict);
        var text = cex.Describe();
        Assert.Contains(cex.Output + "[", text);
        Assert.Contains(" before and ", text);
        return cex;
    }

    public static bool SameBits(double x, double y) =>
        (double.IsNaN(x) && double.IsNaN(y)) || BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    /// <summary>Runs both kernels of a counterexample with the interpreter and returns the compared element.</summary>
    public static (double Before, double After) Rerun(string before, string after, ConcreteCounterexample cex, string kernel)
    {
        var kb = Parse(before).Find(kernel)!;
        var ka = Parse(after).Find(kernel)!;
        var inputs = new Dictionary<string, Tensor>();
        foreach (var p in kb.Params)
        {
            var shape = p.Type.Shape.Select(e => e.Evaluate(cex.Dims)).ToArray();
            var t = Tensor.Zeros(p.DType, [.. shape]);
            foreach (var i in cex.Inputs.Where(i => i.Tensor == p.Name)) t.Data[t.Offset(i.Index.ToArray())] = i.Value;
            inputs[p.Name] = t;
        }
        var ob = Interpreter.Run(kb, cex.Dims, inputs, cex.Precision).Outputs!;
        var oa = Interpreter.Run(ka, cex.Dims, inputs, cex.Precision).Outputs!;
        return (ob[cex.Output][cex.Index.ToArray()], oa[cex.Output][cex.Index.ToArray()]);
    }
}
