namespace KernelC.Verifier.Solvers;

/// <summary>The closed set of outcomes of proving an obligation. Only <see cref="Proved"/> passes; a timeout, a
/// solver error, or vacuous (contradictory) assumptions are all <see cref="Unknown"/>.</summary>
public abstract record Verdict
{
    private Verdict() { }

    public bool Passes => this is Proved;

    /// <summary>The assumptions are satisfiable and assumptions ∧ ¬claim is unsat.</summary>
    public sealed record Proved : Verdict
    {
        public override string ToString() => "proved";
    }

    /// <summary>assumptions ∧ ¬claim is sat: the model is a counterexample to the claim.</summary>
    public sealed record Refuted(Counterexample Model) : Verdict
    {
        public override string ToString() => "refuted: " + Model;
    }

    public sealed record Unknown(string Reason) : Verdict
    {
        public override string ToString() => "unknown: " + Reason;
    }
}
