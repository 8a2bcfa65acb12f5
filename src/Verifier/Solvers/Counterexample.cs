using System.Numerics;
using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Solvers;

/// <summary>A value in a solver's model.</summary>
public abstract record ModelValue
{
    /// <summary>The value as a double where that is meaningful (reals rounded to nearest; ints; fp exactly).</summary>
    public virtual double? AsDouble => null;

    public sealed record BoolV(bool Value) : ModelValue
    {
        public override string ToString() => Value ? "true" : "false";
    }
    public sealed record IntV(BigInteger Value) : ModelValue
    {
        public override double? AsDouble => (double)Value;
        public override string ToString() => Value.ToString();
    }
    public sealed record RealV(BigInteger Num, BigInteger Den) : ModelValue
    {
        public override double? AsDouble => (double)Num / (double)Den;
        public override string ToString() => Den.IsOne ? Num.ToString() : $"{Num}/{Den}";
    }
    /// <summary>Value in [0, 2^Width); <see cref="Signed"/> reads it as two's complement.</summary>
    public sealed record BvV(BigInteger Value, int Width) : ModelValue
    {
        public BigInteger Signed => new BvLit(Value, Width).Signed;
        public override double? AsDouble => (double)Signed;
        public override string ToString() => $"{Signed} (bv{Width})";
    }
    public sealed record FpV(FpLit Bits) : ModelValue
    {
        public override double? AsDouble => Bits.ToDouble();
        public override string ToString() => Bits.ToDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
    /// <summary>Anything else (a function interpretation, an unsupported literal), kept as the solver's text.</summary>
    public sealed record Text(string Value) : ModelValue
    {
        public override string ToString() => Value;
    }
}

public sealed record ModelEntry(string Name, ModelValue Value);

/// <summary>A model in which the assumptions hold and the claim fails: declared name → value, in name order.</summary>
public sealed record Counterexample(EqArray<ModelEntry> Entries)
{
    public ModelValue? this[string name] => Entries.FirstOrDefault(e => e.Name == name)?.Value;

    public double? GetDouble(string name) => this[name]?.AsDouble;

    public override string ToString() => "{" + string.Join(", ", Entries.Select(e => $"{e.Name} = {e.Value}")) + "}";
}
