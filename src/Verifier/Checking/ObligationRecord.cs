using System.Text;
using System.Text.Json;
using KernelC.IR;

namespace KernelC.Verifier.Checking;

/// <summary>What one obligation claims and how it ended, as deterministic data: the same inputs give the same record
/// byte for byte. Solver time is deliberately absent (it is reported beside the record, in
/// <see cref="ObligationOutcome.SolverTime"/>). <see cref="Name"/> is a stable file-name-safe id such as
/// "attention.o.equal" or "attention.o.load-in-bounds.3".</summary>
public sealed record ObligationRecord(string Name, string Pass, string Rule, string Kernel, string Output, string Claim,
    string Sizes, string Semantics, string Tolerance, string BeforeHash, string AfterHash, string Verdict)
{
    /// <summary>JSON with a fixed key order (name, pass, rule, kernel, output, claim, sizes, semantics, tolerance,
    /// before, after, verdict), two-space indentation, '\n' line ends and a final newline.</summary>
    public string ToJson()
    {
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", Name);
            w.WriteString("pass", Pass);
            w.WriteString("rule", Rule);
            w.WriteString("kernel", Kernel);
            w.WriteString("output", Output);
            w.WriteString("claim", Claim);
            w.WriteString("sizes", Sizes);
            w.WriteString("semantics", Semantics);
            w.WriteString("tolerance", Tolerance);
            w.WriteString("before", BeforeHash);
            w.WriteString("after", AfterHash);
            w.WriteString("verdict", Verdict);
            w.WriteEndObject();
        });
    }
}
