using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Checking;

/// <summary>A split reduction of the tiled IR: outer[kb &lt; K step S] { inner[kk &lt; T] { g(kb, kk) } } of one kind
/// and dtype, met while expanding an element under <see cref="Context"/>. <see cref="G"/> evaluates the inner body at
/// given (kb, kk) terms (quietly: no load sites are recorded). The expander replaces the site by the flat fold over
/// k &lt; K of h(k) = g(k, 0); the tiling rule proves that replacement with the split lemmas (TilingSplitLemmas).</summary>
internal sealed record SplitSite(ReduceKind Kind, DType Type, Term K, long Step, long Inner, EqArray<Term> Context,
    Func<Term, Term, EqArray<Term>, Term> G, string Name)
{
    /// <summary>The inner reduce when r is outer[kb &lt; K step S(const)] { inner[kk &lt; T(const)] {...}; yield inner }
    /// with the same kind, else null.</summary>
    public static Instr? Match(Instr r)
    {
        if (r.Op != Opcode.Reduce || r.Body is not { } b || b.Indices.Count != 1 || b.Indices[0].Step is not Dim.Const)
            return null;
        if (b.Body.Count != 1 || b.Body[0] is not { Op: Opcode.Reduce } inner || b.Yield != inner.Result) return null;
        if (inner.Attrs.Reduction != r.Attrs.Reduction || inner.Body!.Indices.Count != 1
            || inner.Body.Indices[0].Step is not null || inner.Body.Indices[0].Extent is not Dim.Const) return null;
        return inner;
    }

    public static long StepOf(Instr outer) => ((Dim.Const)outer.Body!.Indices[0].Step!).Value;
    public static long InnerOf(Instr inner) => ((Dim.Const)inner.Body!.Indices[0].Extent).Value;
}
