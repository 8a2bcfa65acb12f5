using KernelC.Frontend.Binding;
using KernelC.Frontend.Lowering;
using KernelC.Frontend.Syntax;
using KernelC.IR;

namespace KernelC.Frontend;

/// <summary>The front end: .kc text → AST → checked kernels → tensor-level IR.</summary>
public static class FrontEnd
{
    /// <summary>Parses; null when there is a syntax error (all of them are in <paramref name="diags"/>).</summary>
    public static SourceUnit? Parse(SourceText text, DiagnosticBag diags) => KcParser.Parse(text, diags);

    /// <summary>Parses, checks and lowers; null when there is any error (each independent error is reported).
    /// The returned module always passes <see cref="IrVerifier"/>: a failure there is a compiler bug (exception).</summary>
    public static Module? Compile(SourceText text, DiagnosticBag diags)
    {
        // The parser, binder and lowerer recurse over expressions: run them on a thread with a large stack so that
        // every input within KcParser's limits (nesting, token count) is handled without a stack overflow.
        Module? result = null;
        Exception? bug = null;
        var thread = new Thread(() =>
        {
            try { result = CompileHere(text, diags); }
            catch (Exception e) { bug = e; }
        }, 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (bug is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(bug).Throw();
        return result;
    }

    private static Module? CompileHere(SourceText text, DiagnosticBag diags)
    {
        int before = diags.Count;
        var unit = Parse(text, diags);
        if (unit is null) return null;
        var kernels = Binder.Bind(unit, diags);
        for (int i = before; i < diags.Count; i++)
            if (diags.Items[i].Severity == Severity.Error) return null;
        var module = new Module(kernels.Select(KernelLowerer.Lower).ToEqArray());
        var problems = IrVerifier.Verify(module);
        if (problems.Count > 0)
            throw new InvalidOperationException("lowering produced invalid IR (compiler bug):\n" + string.Join("\n", problems));
        return module;
    }
}
