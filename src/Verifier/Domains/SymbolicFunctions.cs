using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Domains;

/// <summary>The uninterpreted functions standing for transcendentals in one symbolic domain: one FuncDecl per
/// (opcode, sort), named `exp_real`, `exp_f32`, ... Records which were used so the VC generator can add the sound
/// facts it needs (exp(x) &gt; 0, monotonicity, exp(0) = 1, ...) — the domain itself asserts nothing about them.</summary>
public sealed class SymbolicFunctions
{
    private readonly Dictionary<(Opcode, Sort), FuncDecl> _used = new();

    public FuncDecl Get(Opcode fn, Sort sort, string sortName)
    {
        if (!fn.IsTranscendental()) throw new ArgumentException($"{fn.Mnemonic()} is not a transcendental", nameof(fn));
        lock (_used)
        {
            if (!_used.TryGetValue((fn, sort), out var f))
                _used[(fn, sort)] = f = new FuncDecl($"{fn.Mnemonic()}_{sortName}", sort, sort);
            return f;
        }
    }

    /// <summary>The functions used so far, in name order (deterministic).</summary>
    public IReadOnlyList<FuncDecl> Used
    {
        get { lock (_used) return _used.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(); }
    }
}
