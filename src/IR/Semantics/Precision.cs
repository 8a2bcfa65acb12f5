namespace KernelC.IR;

/// <summary>How the concrete domain computes. Exact: every op in binary64, then rounded (RNE) to its dtype — the
/// exact IEEE result for + - * / sqrt of f32/f16/bf16, since 53 &gt;= 2p+2. F64: float arithmetic is not rounded;
/// only explicit casts (and stored outputs) round.</summary>
public enum Precision { Exact, F64 }
