using System.Globalization;
using System.Text;
using KernelC.IR;
using KernelC.Verifier.Smt;
using static KernelC.Verifier.Smt.Terms;

namespace KernelC.Verifier.Checking;

/// <summary>A scalar of rule invariant: an Int/Bool term (index, bool) or an extended real (float).</summary>
internal sealed record SV(Term? T, XVal? X)
{
    public Term Index => T ?? throw new InvariantUnsupported("a float value used as an index");
    public XVal Float => X ?? throw new InvariantUnsupported("an index or bool value used as a float");
}

/// <summary>The IR is outside what rule invariant can symbolically execute: the certificate is rejected.</summary>
internal sealed class InvariantUnsupported(string message) : Exception(message);

/// <summary>The symbols both sides share, so that equal IR computations give equal terms: exp/sqrt as uninterpreted
/// Real→Real functions, parameters as in_&lt;p&gt;(Int..) (finite reals), and reductions over a symbolic extent as
/// red&lt;n&gt;(free index values) keyed by (kind, extent, canonical body): equal keys mean the same fold of the same
/// function of the free values, hence the same value (the abstraction of docs/checker.md, done here on text).</summary>
internal sealed class InvariantSymbols
{
    public readonly FuncDecl Exp = new("E", Sort.Real, Sort.Real);
    private readonly Dictionary<string, FuncDecl> _funcs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FuncDecl> _reductions = new(StringComparer.Ordinal);
    public readonly Dictionary<string, Term> Dims = new(StringComparer.Ordinal);

    public FuncDecl Func(Opcode op) =>
        _funcs.TryGetValue(op.Mnemonic(), out var f) ? f : _funcs[op.Mnemonic()] = new FuncDecl(op.Mnemonic() + "_real", Sort.Real, Sort.Real);

    public FuncDecl Param(string name, int rank) =>
        _funcs.TryGetValue("@" + name, out var f) ? f
            : _funcs["@" + name] = new FuncDecl("in_" + name, EqArray.Of(Enumerable.Repeat(Sort.Int, rank).ToArray()), Sort.Real);

    public FuncDecl Reduction(string key, int arity)
    {
        if (_reductions.TryGetValue(key, out var f)) return f;
        return _reductions[key] = new FuncDecl("red" + _reductions.Count.ToString(CultureInfo.InvariantCulture),
            EqArray.Of(Enumerable.Repeat(Sort.Int, arity).ToArray()), Sort.Real);
    }

    private readonly List<Term> _sqrtArgs = [];

    /// <summary>IEEE sqrt over extended reals: finite x ≥ 0 ↦ sqrt_real(x) (uninterpreted, x recorded for
    /// <see cref="SqrtFacts"/>); negative or non-finite inputs over-approximated as NaN.</summary>
    public XVal Sqrt(XVal a)
    {
        if (!_sqrtArgs.Contains(a.V)) _sqrtArgs.Add(a.V);
        return new XVal(XVal.Disj(XVal.Neg(a.IsFinite), Lt(a.V, Real(0))), False, False, Func(Opcode.Sqrt).Apply(a.V));
    }

    /// <summary>The sound ground fact of sqrt at every argument met: x &gt; 0 ⇒ sqrt(x) &gt; 0 (so a division by it is
    /// not a division by zero). Deliberately NOT sqrt(x)·sqrt(x) = x: both kernels divide by the same sqrt term, so
    /// the proofs never need it, and it makes the assumption (vacuity) check a nonlinear satisfiability problem
    /// (a model needs sqrt(128)) that cvc5 1.0.3 answers unknown. Leaving out a true fact is sound.</summary>
    public IEnumerable<Term> SqrtFacts() => _sqrtArgs.Select(x => Implies(Gt(x, Real(0)), Gt(Func(Opcode.Sqrt).Apply(x), Real(0))));

    public Term Dim(string name) => Dims.TryGetValue(name, out var t) ? t : Dims[name] = Const("dim_" + name, Sort.Int);
}

/// <summary>Scope of the evaluator: scalars and tensors (lazy element functions, memoised per index).</summary>
internal sealed class XEnv(XEnv? parent)
{
    private readonly Dictionary<string, SV> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Term[], SV>> _tensors = new(StringComparer.Ordinal);

    public void Bind(string name, SV v) => _scalars[name] = v;
    public void BindTensor(string name, Func<Term[], SV> f) => _tensors[name] = f;
    public SV Scalar(string name) => _scalars.TryGetValue(name, out var v) ? v
        : parent?.Scalar(name) ?? throw new InvariantUnsupported($"%{name} is not a scalar in scope");
    public Func<Term[], SV>? Tensor(string name) => _tensors.TryGetValue(name, out var f) ? f : parent?.Tensor(name);
    public bool HasScalar(string name) => _scalars.ContainsKey(name) || (parent?.HasScalar(name) ?? false);
}

/// <summary>Symbolic execution of (loop-level) IR for one element, over extended reals (<see cref="XVal"/>). Local
/// computes are lazy element functions; reductions with a constant extent are unrolled in order; a sum over a
/// symbolic extent is the shared abstraction <see cref="InvariantSymbols.Reduction"/> (index-valued free values
/// only). Loops are not executed here: rule invariant binds the state itself. Anything else is unsupported.</summary>
internal sealed class InvariantEvaluator(InvariantSymbols sym)
{
    /// <summary>Called for a reduce over a symbolic extent before the generic abstraction; null = not handled.</summary>
    public Func<Instr, XEnv, SV?>? ReduceHook { get; init; }

    private readonly HashSet<string> _params = new(StringComparer.Ordinal);

    public XEnv Params(Kernel k)
    {
        var env = new XEnv(null);
        foreach (var p in k.Params) _params.Add(p.Name);
        foreach (var p in k.Params)
        {
            var f = sym.Param(p.Name, p.Type.Shape.Count);
            env.BindTensor(p.Name, ix => new SV(null, XVal.Finite(f.Apply(ix))));
        }
        return env;
    }

    public void Block(IEnumerable<Instr> body, XEnv env)
    {
        foreach (var ins in body) Instr(ins, env);
    }

    public SV Region(Region r, Term[] idx, XEnv outer)
    {
        var env = new XEnv(outer);
        for (int j = 0; j < r.Indices.Count; j++) env.Bind(r.Indices[j].Var.Name, new SV(idx[j], null));
        Block(r.Body, env);
        return env.Scalar(r.Yield.Name);
    }

    /// <summary>Binds a local compute as a lazy, memoised element function.</summary>
    public void BindCompute(Instr ins, XEnv env)
    {
        var memo = new Dictionary<EqArray<Term>, SV>();
        env.BindTensor(ins.Result.Name, ix =>
        {
            var key = EqArray.Of(ix);
            if (!memo.TryGetValue(key, out var v)) memo[key] = v = Region(ins.Body!, ix, env);
            return v;
        });
    }

    private void Instr(Instr ins, XEnv env)
    {
        var name = ins.Result.Name;
        SV A(int i) => env.Scalar(ins.Args[i].Name);
        var dt = ins.Result.DType;
        switch (ins.Op)
        {
            case Opcode.Compute: BindCompute(ins, env); return;
            case Opcode.Reduce: env.Bind(name, Reduce(ins, env)); return;
            case Opcode.Const:
                env.Bind(name, dt.IsFloat() ? new SV(null, XVal.Const(ins.Attrs.Number))
                    : dt == DType.Bool ? new SV(Terms.Bool(ins.Attrs.Number != 0), null)
                    : new SV(Int(new System.Numerics.BigInteger(ins.Attrs.Number)), null));
                return;
            case Opcode.DimValue: env.Bind(name, new SV(sym.Dim(ins.Attrs.DimName!), null)); return;
            case Opcode.Load:
            {
                var f = env.Tensor(ins.Args[0].Name) ?? throw new InvariantUnsupported($"load of %{ins.Args[0].Name}: not a tensor in scope");
                env.Bind(name, f(Enumerable.Range(1, ins.Args.Count - 1).Select(i => A(i).Index).ToArray()));
                return;
            }
            case Opcode.Cast:
                if (ins.Args[0].DType == DType.Index && dt.IsFloat()) env.Bind(name, new SV(null, XVal.Finite(ToReal(A(0).Index))));
                else if (ins.Args[0].DType.IsFloat() && dt.IsFloat()) env.Bind(name, A(0)); // reals: rounding ignored
                else throw new InvariantUnsupported($"cast {ins.Args[0].DType.Name()} -> {dt.Name()}");
                return;
            case Opcode.Cmp:
            {
                var (a, b) = (A(0), A(1));
                Term t;
                if (ins.Args[0].DType.IsFloat())
                    t = ins.Attrs.Pred switch
                    {
                        CmpPred.Lt => XVal.Less(a.Float, b.Float),
                        CmpPred.Gt => XVal.Less(b.Float, a.Float),
                        CmpPred.Le => XVal.Disj(XVal.Less(a.Float, b.Float), XVal.Equal(a.Float, b.Float)),
                        CmpPred.Ge => XVal.Disj(XVal.Less(b.Float, a.Float), XVal.Equal(a.Float, b.Float)),
                        CmpPred.Eq => XVal.Equal(a.Float, b.Float),
                        _ => XVal.Neg(XVal.Equal(a.Float, b.Float)),
                    };
                else
                    t = ins.Attrs.Pred switch
                    {
                        CmpPred.Lt => Lt(a.Index, b.Index), CmpPred.Le => Le(a.Index, b.Index),
                        CmpPred.Gt => Gt(a.Index, b.Index), CmpPred.Ge => Ge(a.Index, b.Index),
                        CmpPred.Eq => Eq(a.Index, b.Index), _ => Not(Eq(a.Index, b.Index)),
                    };
                env.Bind(name, new SV(t, null));
                return;
            }
            case Opcode.Select:
            {
                var c = A(0).Index;
                env.Bind(name, dt.IsFloat() ? new SV(null, XVal.Select(c, A(1).Float, A(2).Float))
                    : new SV(XVal.If(c, A(1).Index, A(2).Index), null));
                return;
            }
            case Opcode.Exp: env.Bind(name, new SV(null, XVal.Exp(A(0).Float, sym.Exp))); return;
            case Opcode.Sqrt: env.Bind(name, new SV(null, sym.Sqrt(A(0).Float))); return;
            case Opcode.Neg:
                env.Bind(name, dt.IsFloat() ? new SV(null, A(0).Float.Negate()) : new SV(Terms.Neg(A(0).Index), null));
                return;
        }
        if (ins.Op.IsBinary() && ins.Args.Count == 2)
        {
            var (a, b) = (A(0), A(1));
            if (dt.IsFloat())
            {
                env.Bind(name, new SV(null, ins.Op switch
                {
                    Opcode.Add => XVal.Add(a.Float, b.Float), Opcode.Sub => XVal.Sub(a.Float, b.Float),
                    Opcode.Mul => XVal.Mul(a.Float, b.Float), Opcode.Div => XVal.Div(a.Float, b.Float),
                    Opcode.Max => XVal.Max(a.Float, b.Float), Opcode.Min => XVal.Min(a.Float, b.Float),
                    _ => throw new InvariantUnsupported($"float op {ins.Op.Mnemonic()}"),
                }));
                return;
            }
            if (dt == DType.Index)
            {
                env.Bind(name, new SV(ins.Op switch
                {
                    Opcode.Add => Add(a.Index, b.Index), Opcode.Sub => Sub(a.Index, b.Index), Opcode.Mul => Mul(a.Index, b.Index),
                    Opcode.Min => Ite(Lt(b.Index, a.Index), b.Index, a.Index), Opcode.Max => Ite(Lt(a.Index, b.Index), b.Index, a.Index),
                    _ => throw new InvariantUnsupported($"index op {ins.Op.Mnemonic()}"),
                }, null));
                return;
            }
        }
        throw new InvariantUnsupported($"op {ins.Op.Mnemonic()} (%{name}) of type {dt.Name()}");
    }

    private SV Reduce(Instr ins, XEnv env)
    {
        var r = ins.Body!;
        if (r.Indices.Count != 1 || r.Indices[0].Step is not null) throw new InvariantUnsupported($"reduce %{ins.Result.Name}: one unstepped index expected");
        var kind = ins.Attrs.Reduction;
        if (r.Indices[0].Extent is Dim.Const c)
        {
            if (c.Value < 1 || c.Value > 4096) throw new InvariantUnsupported($"reduce %{ins.Result.Name}: extent {c.Value}");
            XVal? acc = null;
            for (long j = 0; j < c.Value; j++)
            {
                var x = Region(r, [Int(j)], env).Float;
                acc = acc is null ? x : kind switch
                {
                    ReduceKind.Sum => XVal.Add(acc, x), ReduceKind.Max => XVal.Max(acc, x), _ => XVal.Min(acc, x),
                };
            }
            return new SV(null, acc);
        }
        if (ReduceHook?.Invoke(ins, env) is { } hooked) return hooked;
        if (kind != ReduceKind.Sum) throw new InvariantUnsupported($"reduce.{kind.Name()} %{ins.Result.Name} over a symbolic extent");
        var (key, free) = Canonical(ins);
        var args = free.Select(f => env.Scalar(f).Index).ToArray();
        return new SV(null, XVal.Finite(sym.Reduction(key, args.Length).Apply(args)));
    }

    /// <summary>The reduction's key: kind, extent and its body with bound names numbered, free values named by order of
    /// first use (their values become the function's arguments), parameters by name. Only index-valued free values
    /// and parameter loads are allowed (a float free value or a local tensor would make the key not a function of
    /// the arguments).</summary>
    private (string Key, List<string> Free) Canonical(Instr red)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        var free = new List<string>();
        var sb = new StringBuilder();
        sb.Append("reduce.").Append(red.Attrs.Reduction.Name()).Append('<').Append(red.Body!.Indices[0].Extent).Append('>');
        string Name(Value v)
        {
            if (local.TryGetValue(v.Name, out var n)) return n;
            if (v.Type.Shape.Count > 0) throw new InvariantUnsupported($"reduce %{red.Result.Name} reads local tensor %{v.Name}");
            if (v.DType != DType.Index) throw new InvariantUnsupported($"reduce %{red.Result.Name} uses the outer non-index value %{v.Name}");
            int at = free.IndexOf(v.Name);
            if (at < 0) { free.Add(v.Name); at = free.Count - 1; }
            return "f" + at.ToString(CultureInfo.InvariantCulture);
        }
        void Walk(Region r)
        {
            foreach (var iv in r.Indices) local[iv.Var.Name] = "b" + local.Count.ToString(CultureInfo.InvariantCulture);
            foreach (var ins in r.Body)
            {
                sb.Append(';').Append(ins.Op.Mnemonic()).Append(':').Append(ins.Result.Type);
                sb.Append(':').Append(BitConverter.DoubleToInt64Bits(ins.Attrs.Number)).Append(':').Append(ins.Attrs.DimName)
                  .Append(':').Append(ins.Attrs.Pred).Append(':').Append(ins.Attrs.Rounding).Append(':').Append(ins.Attrs.Reduction);
                for (int a = 0; a < ins.Args.Count; a++)
                    sb.Append(',').Append(ins.Op == Opcode.Load && a == 0 && _params.Contains(ins.Args[0].Name)
                        ? "@" + ins.Args[0].Name : Name(ins.Args[a]));
                if (ins.Body is { } inner) { sb.Append('{'); Walk(inner); sb.Append('}'); }
                if (ins.Loop is not null) throw new InvariantUnsupported("a loop inside a reduction");
                local[ins.Result.Name] = "t" + local.Count.ToString(CultureInfo.InvariantCulture);
            }
            sb.Append(";yield ").Append(Name(r.Yield));
        }
        Walk(red.Body!);
        return (sb.ToString(), free);
    }
}
