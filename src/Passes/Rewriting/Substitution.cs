using System.Collections.Immutable;
using KernelC.IR;

namespace KernelC.Passes.Rewriting;

/// <summary>An immutable renaming of values by name. Applying it replaces every occurrence of a mapped value —
/// definitions (instruction results, index variables) and uses alike — and keeps every other value.
/// Identities: Empty.Apply(x) == x; Apply(x) never changes a value that is not in the map.</summary>
public sealed class Substitution
{
    private readonly ImmutableDictionary<string, Value> _map;

    private Substitution(ImmutableDictionary<string, Value> map) => _map = map;

    public static readonly Substitution Empty = new(ImmutableDictionary<string, Value>.Empty.WithComparers(StringComparer.Ordinal));

    public int Count => _map.Count;

    /// <summary>This substitution with <paramref name="from"/> (by name) replaced by <paramref name="to"/>.</summary>
    public Substitution With(Value from, Value to) => new(_map.SetItem(from.Name, to));

    public bool Maps(Value v) => _map.ContainsKey(v.Name);

    public Value Apply(Value v) => _map.TryGetValue(v.Name, out var to) ? to : v;

    public Instr Apply(Instr i) => i with
    {
        Result = Apply(i.Result), Args = i.Args.Map(Apply), Body = i.Body is null ? null : Apply(i.Body),
        MoreResults = i.MoreResults.Map(Apply), Loop = i.Loop is null ? null : Apply(i.Loop),
    };

    public Region Apply(Region r) => new(
        r.Indices.Map(iv => iv with { Var = Apply(iv.Var) }),
        r.Body.Map(Apply),
        Apply(r.Yield));

    public LoopBody Apply(LoopBody l) => new(Apply(l.Index), l.Step, l.Carried.Map(Apply), l.Body.Map(Apply), l.Next.Map(Apply));

    public EqArray<Instr> Apply(EqArray<Instr> body) => body.Map(Apply);
}
