using System.Globalization;
using System.Numerics;
using System.Text;
using KernelC.IR;
using KernelC.Verifier.Solvers;

namespace KernelC.Verifier.Smt;

/// <summary>The ONE place where SMT-LIB2 text is produced. Output is deterministic: declarations in order of first
/// use (explicit Declare commands first), then one define-fun `_dN` per composite sub-term used more than once
/// (numbered in post-order of first occurrence), then the commands. No let, no quantifiers.</summary>
public static class SmtPrinter
{
    public static string Print(Script script)
    {
        var sb = new StringBuilder();
        foreach (var h in script.Header)
            foreach (var line in h.Split('\n'))
                sb.Append("; ").Append(line.TrimEnd('\r')).Append('\n');
        foreach (var opt in Options(script.Limits)) sb.Append(opt).Append('\n');
        sb.Append("(set-logic ALL)\n");

        var decls = new Declarations();
        var counts = new Dictionary<Term, int>();
        foreach (var c in script.Commands)
        {
            switch (c)
            {
                case DeclareConst d: decls.Add(d.Const); break;
                case DeclareFun f: decls.Add(f.Func); break;
                case Assertion a: Count(a.Term, counts, decls); break;
            }
        }
        foreach (var f in decls.Funcs)
            sb.Append("(declare-fun ").Append(f.Name).Append(" (").AppendJoin(' ', f.Domain.Select(SortText))
              .Append(") ").Append(SortText(f.Range)).Append(")\n");
        foreach (var k in decls.Consts)
            sb.Append("(declare-const ").Append(k.Name).Append(' ').Append(SortText(k.Sort)).Append(")\n");

        var names = new Dictionary<Term, string>();
        int next = 0;
        foreach (var c in script.Commands)
            if (c is Assertion a) Define(a.Term, counts, names, sb, ref next);

        foreach (var c in script.Commands)
        {
            switch (c)
            {
                case DeclareConst or DeclareFun: break;
                case Assertion a: sb.Append("(assert ").Append(TermText(a.Term, names)).Append(")\n"); break;
                case CheckSat cs:
                    if (cs.Expect is not null) sb.Append("; ").Append(cs.Expect).Append('\n');
                    sb.Append("(check-sat)\n");
                    break;
                default: sb.Append(CommandText(c)).Append('\n'); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Text of a stand-alone command (what a solver sends after a script: get-model, reason-unknown).</summary>
    public static string CommandText(Command c) => c switch
    {
        Push => "(push 1)",
        Pop => "(pop 1)",
        CheckSat => "(check-sat)",
        GetModel => "(get-model)",
        GetReasonUnknown => "(get-info :reason-unknown)",
        Comment k => string.Join('\n', k.Text.Split('\n').Select(l => "; " + l.TrimEnd('\r'))),
        _ => throw new ArgumentException($"{c.GetType().Name} needs the script context: use Print(Script)"),
    };

    /// <summary>Option lines: models on; the seed (standard SMT-LIB); z3's per-query timeout and rlimit (solvers
    /// that do not know them answer `unsupported` and take their limits from the command line instead).</summary>
    public static IEnumerable<string> Options(SolverLimits l)
    {
        yield return "(set-option :produce-models true)";
        yield return $"(set-option :random-seed {l.Seed.ToString(CultureInfo.InvariantCulture)})";
        yield return $"(set-option :timeout {l.TimeoutMs.ToString(CultureInfo.InvariantCulture)})";
        yield return $"(set-option :rlimit {l.Rlimit.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>A term on its own (no sharing); for messages and tests.</summary>
    public static string Print(Term t) => TermText(t, new Dictionary<Term, string>());

    public static string SortText(Sort s) => s.Kind switch
    {
        SortKind.Bool => "Bool", SortKind.Int => "Int", SortKind.Real => "Real", SortKind.RoundingMode => "RoundingMode",
        SortKind.BitVec => $"(_ BitVec {s.Width})",
        SortKind.FloatingPoint => $"(_ FloatingPoint {s.Eb} {s.Sb})",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    internal static IEnumerable<Sort> CollectSorts(Script s)
    {
        var seen = new HashSet<Term>();
        var sorts = new HashSet<Sort>();
        void Walk(Term t)
        {
            if (!seen.Add(t)) return;
            sorts.Add(t.Sort);
            foreach (var c in Children(t)) Walk(c);
            if (t is UfApp u) foreach (var d in u.Func.Domain) sorts.Add(d);
        }
        foreach (var c in s.Commands)
            switch (c)
            {
                case Assertion a: Walk(a.Term); break;
                case DeclareConst d: sorts.Add(d.Const.Sort); break;
                case DeclareFun f: sorts.Add(f.Func.Range); foreach (var d in f.Func.Domain) sorts.Add(d); break;
            }
        return sorts;
    }

    private static EqArray<Term> Children(Term t) => t switch
    {
        App a => a.Args,
        UfApp u => u.Args,
        _ => EqArray<Term>.Empty,
    };

    private static bool IsComposite(Term t) => t is App or UfApp;

    // counts[t] = number of parent edges (plus top-level uses) reaching t in the DAG; children visited once.
    private static void Count(Term t, Dictionary<Term, int> counts, Declarations decls)
    {
        if (t is SmtConst k) { decls.Add(k); return; }
        if (!IsComposite(t)) return;
        if (counts.TryGetValue(t, out var n)) { counts[t] = n + 1; return; }
        counts[t] = 1;
        if (t is UfApp u) decls.Add(u.Func);
        foreach (var c in Children(t)) Count(c, counts, decls);
    }

    private static void Define(Term t, Dictionary<Term, int> counts, Dictionary<Term, string> names, StringBuilder sb, ref int next)
    {
        if (!IsComposite(t) || names.ContainsKey(t)) return;
        foreach (var c in Children(t)) Define(c, counts, names, sb, ref next);
        if (counts.TryGetValue(t, out var n) && n >= 2)
        {
            var name = "_d" + (next++).ToString(CultureInfo.InvariantCulture);
            sb.Append("(define-fun ").Append(name).Append(" () ").Append(SortText(t.Sort)).Append(' ')
              .Append(TermText(t, names)).Append(")\n");
            names[t] = name;
        }
        else names[t] = ""; // visited, printed inline
    }

    private static string TermText(Term t, Dictionary<Term, string> names)
    {
        var sb = new StringBuilder();
        Write(t, names, sb, top: true);
        return sb.ToString();
    }

    private static void Write(Term t, Dictionary<Term, string> names, StringBuilder sb, bool top = false)
    {
        if (!top && names.TryGetValue(t, out var name) && name.Length > 0) { sb.Append(name); return; }
        switch (t)
        {
            case BoolLit b: sb.Append(b.Value ? "true" : "false"); break;
            case IntLit i: sb.Append(i.Value.Sign < 0 ? $"(- {BigInteger.Negate(i.Value)})" : i.Value.ToString()); break;
            case RealLit r: WriteReal(r, sb); break;
            case BvLit v: sb.Append("#b").Append(Bits(v.Value, v.Width)); break;
            case FpLit f:
                sb.Append("(fp #b").Append(f.Negative ? '1' : '0').Append(" #b").Append(Bits(f.Exponent, f.Eb))
                  .Append(" #b").Append(Bits(f.Significand, f.Sb - 1)).Append(')');
                break;
            case RmLit m: sb.Append(RmText(m.Mode)); break;
            case SmtConst k: sb.Append(k.Name); break;
            case UfApp u:
                sb.Append('(').Append(u.Func.Name);
                foreach (var a in u.Args) { sb.Append(' '); Write(a, names, sb); }
                sb.Append(')');
                break;
            case App a:
                sb.Append('(');
                if (a.Op.IsIndexed())
                    sb.Append("(_ ").Append(a.Op.Symbol()).Append(' ').AppendJoin(' ', a.Indices).Append(')');
                else sb.Append(a.Op.Symbol());
                foreach (var x in a.Args) { sb.Append(' '); Write(x, names, sb); }
                sb.Append(')');
                break;
            default: throw new ArgumentException($"unknown term {t.GetType().Name}");
        }
    }

    private static void WriteReal(RealLit r, StringBuilder sb)
    {
        var abs = BigInteger.Abs(r.Num);
        string mag = r.Den.IsOne ? $"{abs}.0" : $"(/ {abs}.0 {r.Den}.0)";
        sb.Append(r.Num.Sign < 0 ? $"(- {mag})" : mag);
    }

    public static string RmText(RoundingMode m) => m switch
    {
        RoundingMode.NearestEven => "RNE", RoundingMode.TowardZero => "RTZ",
        RoundingMode.Down => "RTN", RoundingMode.Up => "RTP", _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    private static string Bits(BigInteger v, int width)
    {
        var chars = new char[width];
        for (int i = 0; i < width; i++) chars[width - 1 - i] = ((v >> i) & 1).IsZero ? '0' : '1';
        return new string(chars);
    }

    /// <summary>Declarations in first-use order; one name, one sort (a clash is a compiler bug).</summary>
    private sealed class Declarations
    {
        private readonly Dictionary<string, object> _byName = new();
        public List<SmtConst> Consts { get; } = new();
        public List<FuncDecl> Funcs { get; } = new();

        public void Add(SmtConst k)
        {
            if (_byName.TryGetValue(k.Name, out var o)) { Same(o, k, k.Name); return; }
            _byName[k.Name] = k; Consts.Add(k);
        }

        public void Add(FuncDecl f)
        {
            if (_byName.TryGetValue(f.Name, out var o)) { Same(o, f, f.Name); return; }
            _byName[f.Name] = f; Funcs.Add(f);
        }

        private static void Same(object a, object b, string name)
        {
            if (!a.Equals(b)) throw new InvalidOperationException($"SMT name '{name}' declared twice with different sorts");
        }
    }
}
