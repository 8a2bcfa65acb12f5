using KernelC.IR;

namespace KernelC.Verifier.Ptx;

/// <summary>The checker's OWN statement of how erf is lowered (never read from the emitter): Abramowitz–Stegun 7.1.26,
///   erf(x) ≈ sign(x)·(1 − (a1·t + a2·t² + a3·t³ + a4·t⁴ + a5·t⁵)·exp(−x²)),  t = 1/(1 + p·|x|),
///   p = 0.3275911, a1 = 0.254829592, a2 = −0.284496736, a3 = 1.421413741, a4 = −1.453152027, a5 = 1.061405429,
/// with |error| ≤ 1.5·10⁻⁷ for every real x (A&S; stated, not proved here). The coefficients are taken as the f32
/// values nearest these decimals (the only values an f32 program can hold); that changes the approximation by at most
/// Σ|aᵢ|·2⁻²⁴ + |p-rounding effect| &lt; 3·10⁻⁷ more (stated, not proved). In the lowering proof the IR's erf is
/// evaluated through this definition in the real normal form: |x| and sign(x) are the domain's canonical
/// ite(x &lt; 0, …) atoms, 1/(1 + p·|x|) its 1/q atom, exp its uninterpreted exp_real — so an emitted A&S evaluation
/// (Horner or not, any order) has the same normal form, and any other polynomial or constant does not.</summary>
public static class ErfDefinition
{
    public const double P = 0.3275911;
    /// <summary>a1 .. a5.</summary>
    public static readonly double[] A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];

    public const string Statement =
        "erf lowered to Abramowitz-Stegun 7.1.26 (coefficients rounded to f32), |error| <= 1.5e-7 (+ < 3e-7 from the f32 coefficients), stated not proved";

    private static SymVal C(RealFormDomain d, double v) => d.Const((float)v, DType.F32);

    /// <summary>erf(x) by the definition above, in <paramref name="d"/>'s real normal form. ±inf gives ±1 (the
    /// formula's limit), NaN gives NaN.</summary>
    public static SymVal Of(RealFormDomain d, SymVal x)
    {
        var f = DType.F32;
        switch (x)
        {
            case SymVal.NaN: return x;
            case SymVal.Inf inf: return d.Const(inf.Negative ? -1 : 1, f);
            case SymVal.Real: break;
            default: throw new NotSupportedException($"erf of {RealFormDomain.Describe(x)}");
        }
        var z = d.Abs(x, f);
        var t = d.Div(d.Const(1, f), d.Add(d.Mul(C(d, P), z, f), d.Const(1, f), f), f);
        // Σ aᵢ·tⁱ
        SymVal sum = d.Const(0, f), power = t;
        foreach (var a in A)
        {
            sum = d.Add(sum, d.Mul(C(d, a), power, f), f);
            power = d.Mul(power, t, f);
        }
        var y = d.Sub(d.Const(1, f), d.Mul(sum, d.Apply(Opcode.Exp, d.Neg(d.Mul(z, z, f), f), f), f), f);
        return d.Select(d.Compare(CmpPred.Lt, x, d.Const(0, f), f), d.Neg(y, f), y, f);
    }
}
