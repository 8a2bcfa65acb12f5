using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>The value domain the PTX instruction-semantics table (<see cref="PtxSemantics{T}"/>) is written against:
/// the IR's number domain for float values and float predicates, plus what PTX needs beyond it. Integers, addresses
/// and branch predicates stay concrete (ulong) in every domain; only float data (and predicates computed from
/// floats) are T. A concrete domain (<see cref="ConcretePtxDomain"/>) makes T a double holding an exact IEEE value;
/// a symbolic domain makes T an SMT term.</summary>
public interface IPtxDomain<T> : INumberDomain<T>
{
    /// <summary>The float of this dtype (F16, BF16, F32, F64) whose bit pattern is <paramref name="bits"/>.</summary>
    T FromBits(ulong bits, DType type);

    /// <summary>The bit pattern of a float value, when the domain knows it (concrete domains); false otherwise.</summary>
    bool TryGetBits(T value, DType type, out ulong bits);

    /// <summary>The truth of a predicate value, when the domain knows it; false otherwise.</summary>
    bool TryGetBool(T predicate, out bool value);

    /// <summary>fma.rn: a*b+c computed exactly and rounded once to <paramref name="type"/> (round to nearest even).</summary>
    T Fma(T a, T b, T c, DType type);

    /// <summary>ex2.approx.f32: 2^x within the documented maximum error of 2 ulp (PTX ISA: "maximum relative error
    /// 2^-22" over the full range). A concrete domain returns the correctly rounded 2^x (a value inside that interval);
    /// a symbolic domain an uninterpreted ex2(x) constrained to the interval. With ftz, subnormal inputs and results
    /// are flushed to zero of the same sign.</summary>
    T Ex2Approx(T x, bool ftz);

    /// <summary>lg2.approx.f32: log2(x) within the documented maximum error (PTX ISA: absolute 2^-22 for x in
    /// (0.5, 2), relative 2^-22 elsewhere); lg2(±0) = -inf, lg2(x &lt; 0) = NaN, lg2(+inf) = +inf. A concrete domain
    /// returns the correctly rounded log2(x) (a value inside that interval).</summary>
    T Lg2Approx(T x);

    /// <summary>tanh.approx.f32: tanh(x) within the documented maximum relative error 2^-11 (PTX ISA); tanh(±inf) =
    /// ±1. A concrete domain returns the correctly rounded tanh(x) (a value inside that interval).</summary>
    T TanhApprox(T x);
}
