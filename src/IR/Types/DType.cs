namespace KernelC.IR;

/// <summary>Element types. Index is the type of index variables and dimension values (a signed 64-bit integer);
/// Bool is the type of comparisons and masks.</summary>
public enum DType { F64, F32, F16, BF16, I8, I32, Index, Bool }

public static class DTypes
{
    public static bool IsFloat(this DType t) => t is DType.F64 or DType.F32 or DType.F16 or DType.BF16;
    public static bool IsInteger(this DType t) => t is DType.I8 or DType.I32 or DType.Index;

    /// <summary>Size in bytes of one element in memory (Index and Bool are not storable).</summary>
    public static int ByteSize(this DType t) => t switch
    {
        DType.F64 => 8, DType.F32 => 4, DType.F16 => 2, DType.BF16 => 2, DType.I8 => 1, DType.I32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a storable dtype"),
    };

    public static string Name(this DType t) => t switch
    {
        DType.F64 => "f64", DType.F32 => "f32", DType.F16 => "f16", DType.BF16 => "bf16",
        DType.I8 => "i8", DType.I32 => "i32", DType.Index => "index", DType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static bool TryParse(string name, out DType t)
    {
        foreach (var v in Enum.GetValues<DType>())
            if (v.Name() == name) { t = v; return true; }
        t = default;
        return false;
    }

    /// <summary>The dtypes a kernel parameter or output may have.</summary>
    public static bool IsStorable(this DType t) => t is not (DType.Index or DType.Bool);
}

/// <summary>IEEE rounding modes for narrowing conversions (PTX .rn/.rz/.rm/.rp).</summary>
public enum RoundingMode { NearestEven, TowardZero, Down, Up }

public static class RoundingModes
{
    public static string Suffix(this RoundingMode m) => m switch
    {
        RoundingMode.NearestEven => "rn", RoundingMode.TowardZero => "rz",
        RoundingMode.Down => "rm", RoundingMode.Up => "rp", _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static bool TryParse(string s, out RoundingMode m)
    {
        foreach (var v in Enum.GetValues<RoundingMode>())
            if (v.Suffix() == s) { m = v; return true; }
        m = default;
        return false;
    }
}
