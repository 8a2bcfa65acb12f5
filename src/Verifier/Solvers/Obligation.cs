using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Solvers;

/// <summary>One proof obligation: under <see cref="Assumptions"/> (which must be satisfiable), <see cref="Claim"/>
/// holds for every value of the declared constants.</summary>
public sealed record Obligation
{
    public string Name { get; }
    public EqArray<SmtConst> Declarations { get; }
    public EqArray<Term> Assumptions { get; }
    public Term Claim { get; }

    public Obligation(string name, EqArray<SmtConst> declarations, EqArray<Term> assumptions, Term claim)
    {
        if (claim.Sort != Sort.Bool) throw new ArgumentException($"claim must be Bool, got {claim.Sort}");
        foreach (var a in assumptions)
            if (a.Sort != Sort.Bool) throw new ArgumentException($"assumption must be Bool, got {a.Sort}");
        Name = name;
        Declarations = declarations;
        Assumptions = assumptions;
        Claim = claim;
    }
}

/// <summary>The verdict and the solver's wall-clock time (kept apart: time never enters a hashed output).</summary>
public sealed record ProofResult(Verdict Verdict, TimeSpan SolverTime);
