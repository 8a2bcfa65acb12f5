using KernelC.IR;
using KernelC.Verifier.Solvers;

namespace KernelC.Cli.Build;

/// <summary>`--solver z3|cvc5|all` → the solvers every obligation must be proved by. cvc5 is looked up on PATH
/// first: missing → <see cref="MissingDependencyException"/> (exit 3) before any work.</summary>
public static class SolverChoice
{
    public static readonly string[] Names = ["z3", "cvc5", "all"];

    public static IReadOnlyList<ISolver> Resolve(string name)
    {
        bool z3 = name is "z3" or "all", cvc5 = name is "cvc5" or "all";
        if (cvc5 && !Cvc5Solver.IsAvailable())
            throw new MissingDependencyException("cvc5", "install it with `apt-get install cvc5`");
        var list = new List<ISolver>();
        if (z3) list.Add(new Z3Solver());
        if (cvc5) list.Add(new Cvc5Solver());
        return list;
    }
}
