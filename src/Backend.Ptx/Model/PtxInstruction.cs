using KernelC.IR;

namespace KernelC.Backend.Ptx.Model;

/// <summary>One instruction: optional guard `@p`/`@!p`, opcode, modifiers in text order without dots
/// (e.g. ["rn", "f32"], ["global", "v4", "f32"], ["sync", "aligned", "m16n8k16", "row", "col", "f32", "f16", "f16", "f32"]),
/// and operands (destination first). Line/Column: the position of the opcode (or of the guard when present).</summary>
public sealed record PtxInstruction(PtxGuard? Guard, string Opcode, EqArray<string> Modifiers,
    EqArray<PtxOperand> Operands, int Line, int Column)
{
    public bool Has(string modifier) => Modifiers.Contains(modifier);

    /// <summary>The types among the modifiers, in order (e.g. cvt.rn.f16.f32 → [f16, f32]).</summary>
    public IEnumerable<PtxType> Types() =>
        Modifiers.Select(m => PtxTypes.TryParse(m, out var t) ? (PtxType?)t : null).Where(t => t is not null).Select(t => t!.Value);

    /// <summary>The state space among the modifiers (Generic when none).</summary>
    public PtxStateSpace Space() =>
        Modifiers.Select(m => PtxStateSpaces.TryParse(m, out var s) ? s : PtxStateSpace.Generic)
            .FirstOrDefault(s => s != PtxStateSpace.Generic, PtxStateSpace.Generic);

    /// <summary>The vector width: 2 for .v2, 4 for .v4, else 1.</summary>
    public int VectorWidth() => Has("v4") ? 4 : Has("v2") ? 2 : 1;

    public override string ToString() =>
        (Guard is { } g ? (g.Negated ? "@!" : "@") + g.Register + " " : "") + Opcode
        + string.Concat(Modifiers.Select(m => "." + m)) + " " + string.Join(", ", Operands.Select(o => o.ToString()));
}

/// <summary>`@p` (Negated = false) or `@!p`.</summary>
public sealed record PtxGuard(string Register, bool Negated);
