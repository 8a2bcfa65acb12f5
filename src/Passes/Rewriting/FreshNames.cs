using KernelC.IR;

namespace KernelC.Passes.Rewriting;

/// <summary>Hands out value names that are unused in one kernel. Invariant: every name returned is a plain
/// [A-Za-z0-9_]+ name that was neither in the kernel nor returned before, so SSA stays unique per kernel.</summary>
public sealed class FreshNames
{
    private readonly HashSet<string> _taken;
    private int _counter;

    public FreshNames(IEnumerable<string> taken) => _taken = new HashSet<string>(taken, StringComparer.Ordinal);

    public static FreshNames For(Kernel k) => new(IrWalk.AllNames(k));

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>A fresh name derived from <paramref name="hint"/>: "hint_fN" with the smallest unused N.</summary>
    public string Next(string hint)
    {
        var stem = new string(hint.Where(IsNameChar).ToArray());
        if (stem.Length == 0) stem = "v";
        while (true)
        {
            var name = $"{stem}_f{++_counter}";
            if (_taken.Add(name)) return name;
        }
    }

    /// <summary>A value of the same type under a fresh name.</summary>
    public Value Fresh(Value v) => new(Next(v.Name), v.Type);

    public static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
}
