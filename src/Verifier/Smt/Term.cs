using KernelC.IR;

namespace KernelC.Verifier.Smt;

/// <summary>An SMT term: an immutable, sort-checked tree with structural equality. Every node caches its hash
/// (computed from its children's cached hashes), so hashing and comparing shared DAGs stays linear.
/// Terms are only ever turned into text by <see cref="SmtPrinter"/>.</summary>
public abstract record Term
{
    public abstract Sort Sort { get; }
}

/// <summary>A declared free constant (declare-const). Names start with a letter and use [A-Za-z0-9_.!]:
/// they print unquoted, and cannot collide with the printer's own `_dN` definitions.</summary>
public sealed record SmtConst : Term
{
    public string Name { get; }
    public override Sort Sort { get; }

    public SmtConst(string name, Sort sort)
    {
        Names.Check(name);
        Name = name;
        Sort = sort;
    }
}

/// <summary>An uninterpreted function (declare-fun): name, argument sorts, result sort.</summary>
public sealed record FuncDecl
{
    public string Name { get; }
    public EqArray<Sort> Domain { get; }
    public Sort Range { get; }

    public FuncDecl(string name, EqArray<Sort> domain, Sort range)
    {
        Names.Check(name);
        Name = name;
        Domain = domain;
        Range = range;
    }

    public FuncDecl(string name, Sort range, params Sort[] domain) : this(name, EqArray.Of(domain), range) { }

    public Term Apply(params Term[] args) => new UfApp(this, EqArray.Of(args));
}

/// <summary>An application of an uninterpreted function; argument sorts are checked at construction.</summary>
public sealed record UfApp : Term
{
    private readonly int _hash;
    public FuncDecl Func { get; }
    public EqArray<Term> Args { get; }
    public override Sort Sort => Func.Range;

    public UfApp(FuncDecl func, EqArray<Term> args)
    {
        if (args.Count != func.Domain.Count)
            throw new ArgumentException($"{func.Name} takes {func.Domain.Count} arguments, got {args.Count}");
        for (int i = 0; i < args.Count; i++)
            if (args[i].Sort != func.Domain[i])
                throw new ArgumentException($"{func.Name} argument {i}: expected {func.Domain[i]}, got {args[i].Sort}");
        Func = func;
        Args = args;
        _hash = HashCode.Combine(func, args);
    }

    public bool Equals(UfApp? other) => ReferenceEquals(this, other)
        || (other is not null && _hash == other._hash && Func == other.Func && Args == other.Args);
    public override int GetHashCode() => _hash;
}

/// <summary>An application of a built-in operator. The sort is computed (and the arguments checked) by
/// <see cref="SortChecker"/> in the constructor: a mis-sorted term is a compiler bug and throws.</summary>
public sealed record App : Term
{
    private readonly int _hash;
    public SmtOp Op { get; }
    public EqArray<int> Indices { get; }
    public EqArray<Term> Args { get; }
    public override Sort Sort { get; }

    public App(SmtOp op, EqArray<int> indices, EqArray<Term> args)
    {
        Sort = SortChecker.Check(op, indices, args);
        Op = op;
        Indices = indices;
        Args = args;
        _hash = HashCode.Combine(op, indices, args);
    }

    public App(SmtOp op, params Term[] args) : this(op, EqArray<int>.Empty, EqArray.Of(args)) { }

    public bool Equals(App? other) => ReferenceEquals(this, other)
        || (other is not null && _hash == other._hash && Op == other.Op && Indices == other.Indices && Args == other.Args);
    public override int GetHashCode() => _hash;
}

internal static class Names
{
    /// <summary>Valid user symbol: a letter, then letters, digits, '_', '.', '!'.</summary>
    public static void Check(string name)
    {
        bool ok = name.Length > 0 && char.IsAsciiLetter(name[0])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '!');
        if (!ok) throw new ArgumentException($"invalid SMT symbol name '{name}'", nameof(name));
    }
}
