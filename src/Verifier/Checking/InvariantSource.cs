using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>The source side of rule invariant: o[row, col] of the tensor-level IR, symbolically executed, with each
/// reduction over the key axis (extent N) replaced by a prefix function at N. The key placeholder J stands for the
/// reduction variable: reduce.max's body at J defines the score S(J) (and live(J)); each reduce.sum's body at J is
/// recorded and must equal PL's summand (no direct parameter load) or PA's summand (one direct parameter load: V)
/// — obligations source.sum&lt;n&gt;, so the replacement is justified by proof, not by shape.</summary>
internal sealed class InvariantSource
{
    private readonly Kernel _src;
    private readonly InvariantSymbols _sym;
    private readonly string _n;
    private readonly Term _row, _col;
    private readonly InvariantEvaluator _ev;
    private string? _vParam;
    public readonly SmtConst J = Const("jkey", Sort.Int);
    public InvariantPrefix? PrefixOrNull { get; private set; }
    public InvariantPrefix Prefix => PrefixOrNull ?? throw new InvariantUnsupported("the source has no max over the key axis");
    public readonly List<(XVal Body, bool IsA)> Sums = [];

    public InvariantSource(Kernel src, InvariantSymbols sym, string n, Term row, Term col)
    {
        (_src, _sym, _n, _row, _col) = (src, sym, n, row, col);
        _ev = new InvariantEvaluator(sym) { ReduceHook = Hook };
    }

    public XVal Output()
    {
        var env = new XEnv(_ev.Params(_src));
        _ev.Block(_src.Body, env);
        var o = env.Tensor(_src.Returns[0].Name) ?? throw new InvariantUnsupported("the source output is not a compute");
        return o([_row, _col]).Float;
    }

    private SV? Hook(Instr ins, XEnv env)
    {
        var r = ins.Body!;
        if (r.Indices[0].Extent is not Dim.Sym s || s.Name != _n) return null;
        var body = _ev.Region(r, [J], env).Float;
        var nT = _sym.Dim(_n);
        if (ins.Attrs.Reduction == ReduceKind.Max)
        {
            // the score of a key is finite or -inf (masked): proved as obligation score.finite, not assumed
            ScoreFinite = XVal.Conj(XVal.Neg(body.Nan), XVal.Neg(body.PInf));
            if (PrefixOrNull is null)
                PrefixOrNull = new InvariantPrefix(body, J, V, _sym.Exp);
            else if (!ReferenceEquals(PrefixOrNull, null) && body != Score) throw new InvariantUnsupported("two different maxima over the key axis");
            Score = body;
            return new SV(null, XVal.Finite(Prefix.M(nT)));
        }
        if (ins.Attrs.Reduction != ReduceKind.Sum) throw new InvariantUnsupported("reduce.min over the key axis");
        var direct = r.Body.Where(x => x.Op == Opcode.Load && _src.Params.Any(p => p.Name == x.Args[0].Name))
            .Select(x => x.Args[0].Name).Distinct().ToList();
        if (direct.Count > 1) throw new InvariantUnsupported("a key sum loading several parameters directly");
        bool isA = direct.Count == 1;
        if (isA)
        {
            if (_vParam is not null && _vParam != direct[0]) throw new InvariantUnsupported("two different value tensors");
            _vParam = direct[0];
        }
        Sums.Add((body, isA));
        var m = Prefix.M(nT);
        return new SV(null, XVal.Finite(isA ? Prefix.A(nT, m) : Prefix.L(nT, m)));
    }

    private XVal? Score { get; set; }

    /// <summary>The claim that the score S(J) is neither NaN nor +inf (so finite or masked).</summary>
    public Term ScoreFinite { get; private set; } = Terms.True;

    private Term V(Term k) =>
        _sym.Param(_vParam ?? throw new InvariantUnsupported("no value tensor in the source"), 2).Apply(k, _col);
}
