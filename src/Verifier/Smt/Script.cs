using KernelC.IR;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Smt;

/// <summary>One SMT-LIB command of a script. Declarations of the constants and functions the terms use are
/// added by the printer; explicit Declare commands only fix their order.</summary>
public abstract record Command;
public sealed record DeclareConst(SmtConst Const) : Command;
public sealed record DeclareFun(FuncDecl Func) : Command;
public sealed record Assertion : Command
{
    public Term Term { get; }
    public Assertion(Term term) => Term = term.Sort == Sort.Bool ? term : throw new ArgumentException($"assert needs Bool, got {term.Sort}");
}
public sealed record Push : Command;
public sealed record Pop : Command;
/// <summary>(check-sat); <paramref name="Expect"/> is printed as a comment above it (e.g. "must answer sat").</summary>
public sealed record CheckSat(string? Expect = null) : Command;
public sealed record GetModel : Command;
public sealed record GetReasonUnknown : Command;
public sealed record Comment(string Text) : Command;

/// <summary>A standalone SMT-LIB2 script: header comments, the limits and seed it runs under, its commands.
/// <see cref="SmtPrinter.Print(Script)"/> is its only textual form.</summary>
public sealed record Script(EqArray<string> Header, SolverLimits Limits, EqArray<Command> Commands)
{
    public Script(SolverLimits limits, params Command[] commands) : this(EqArray<string>.Empty, limits, EqArray.Of(commands)) { }

    /// <summary>All FloatingPoint sorts used (cvc5 1.0.3 needs --fp-exp for any but Float32/Float64).</summary>
    public bool UsesNonStandardFp() => SmtPrinter.CollectSorts(this).Any(s => s.NeedsCvc5FpExp);
}
