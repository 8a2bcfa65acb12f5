using KernelC.IR;

namespace KernelC.Verifier.Smt;

public enum SortKind { Bool, Int, Real, BitVec, FloatingPoint, RoundingMode }

/// <summary>An SMT-LIB sort. Width is meaningful for BitVec only; Eb/Sb for FloatingPoint only
/// (Sb counts the hidden bit, as in SMT-LIB: f32 is (_ FloatingPoint 8 24)).</summary>
public sealed record Sort
{
    public SortKind Kind { get; }
    public int Width { get; }
    public int Eb { get; }
    public int Sb { get; }

    private Sort(SortKind kind, int width, int eb, int sb) { Kind = kind; Width = width; Eb = eb; Sb = sb; }

    public static readonly Sort Bool = new(SortKind.Bool, 0, 0, 0);
    public static readonly Sort Int = new(SortKind.Int, 0, 0, 0);
    public static readonly Sort Real = new(SortKind.Real, 0, 0, 0);
    public static readonly Sort RoundingMode = new(SortKind.RoundingMode, 0, 0, 0);
    public static readonly Sort F64 = Fp(11, 53);
    public static readonly Sort F32 = Fp(8, 24);
    public static readonly Sort F16 = Fp(5, 11);
    public static readonly Sort BF16 = Fp(8, 8);

    public static Sort BitVec(int width) => width > 0
        ? new(SortKind.BitVec, width, 0, 0)
        : throw new ArgumentOutOfRangeException(nameof(width), width, "bit-vector width must be positive");

    public static Sort Fp(int eb, int sb) => eb >= 2 && sb >= 2
        ? new(SortKind.FloatingPoint, 0, eb, sb)
        : throw new ArgumentOutOfRangeException(nameof(eb), $"bad FloatingPoint sort {eb}/{sb}");

    /// <summary>The FloatingPoint sort of a float dtype: f64 11/53, f32 8/24, f16 5/11, bf16 8/8.</summary>
    public static Sort ForFloat(DType t) => t switch
    {
        DType.F64 => F64, DType.F32 => F32, DType.F16 => F16, DType.BF16 => BF16,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a float dtype"),
    };

    /// <summary>The bit-vector width of an integer dtype: i8 8, i32 32, index 64.</summary>
    public static int IntWidth(DType t) => t switch
    {
        DType.I8 => 8, DType.I32 => 32, DType.Index => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not an integer dtype"),
    };

    public bool IsFp => Kind == SortKind.FloatingPoint;
    public bool IsBv => Kind == SortKind.BitVec;
    public bool IsArith => Kind is SortKind.Int or SortKind.Real;

    /// <summary>True for FloatingPoint sorts cvc5 1.0.3 handles only with --fp-exp (all but Float32/Float64).</summary>
    public bool NeedsCvc5FpExp => IsFp && !(Eb == 8 && Sb == 24) && !(Eb == 11 && Sb == 53);

    public override string ToString() => Kind switch
    {
        SortKind.BitVec => $"(_ BitVec {Width})",
        SortKind.FloatingPoint => $"(_ FloatingPoint {Eb} {Sb})",
        _ => Kind.ToString(),
    };
}
