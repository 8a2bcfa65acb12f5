using System.Globalization;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Emit;

internal sealed partial class RegionEmitter
{
    // log2(e) and ln(2) rounded to f32 (RNE): 0x3FB8AA3B = 1.44269502, 0x3F317218 = 0.693147182
    private const string Log2E = "0f3FB8AA3B";
    private const string Ln2 = "0f3F317218";

    public static PtxRegClass ClassOf(DType t) => t switch
    {
        DType.F32 => PtxRegClass.F32,
        DType.F16 or DType.BF16 => PtxRegClass.B16,
        DType.Index or DType.I32 or DType.I8 => PtxRegClass.B32,
        DType.Bool => PtxRegClass.Pred,
        _ => throw new EmitFailure(PtxDiagnosticIds.UnsupportedOp, $"values of type {t.Name()} are not supported by the PTX backend"),
    };

    private static string MoveMnemonic(DType t) => ClassOf(t) switch
    {
        PtxRegClass.F32 => "mov.f32", PtxRegClass.B16 => "mov.b16", PtxRegClass.B32 => "mov.b32",
        PtxRegClass.Pred => "mov.pred", _ => "mov.b64",
    };

    /// <summary>The table row for a key, or KC0801 naming the IR instruction.</summary>
    private static PtxOpRule Rule(PtxOpKey key, Instr? at) => PtxInstructionTable.Find(key)
        ?? throw new EmitFailure(PtxDiagnosticIds.UnsupportedOp,
            $"{(at is null ? "" : $"%{at.Result.Name}: ")}no PTX instruction for {key} (the instruction table has no such row)");

    /// <summary>The PTX literal of a constant of a dtype (floats by their exact bits).</summary>
    public static string Literal(double v, DType t) => t switch
    {
        DType.F32 => "0f" + BitConverter.SingleToUInt32Bits((float)v).ToString("X8", CultureInfo.InvariantCulture),
        DType.F16 => "0x" + BitConverter.HalfToUInt16Bits((Half)v).ToString("X4", CultureInfo.InvariantCulture),
        DType.BF16 => "0x" + (BitConverter.SingleToUInt32Bits((float)v) >> 16).ToString("X4", CultureInfo.InvariantCulture),
        DType.Index or DType.I32 or DType.I8 => Imm32((long)v, $"constant {v}"),
        _ => throw new EmitFailure(PtxDiagnosticIds.UnsupportedOp, $"no PTX literal for a {t.Name()} constant"),
    };

    private static string IdentityLiteral(ReduceKind kind, DType t) => kind switch
    {
        ReduceKind.Sum => Literal(0.0, t),
        ReduceKind.Max => t.IsFloat() ? Literal(double.NegativeInfinity, t) : int.MinValue.ToString(CultureInfo.InvariantCulture),
        ReduceKind.Min => t.IsFloat() ? Literal(double.PositiveInfinity, t) : int.MaxValue.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException(),
    };

    private void EmitScalar(Instr instr)
    {
        var res = instr.Result;
        if (instr.Op == Opcode.DimValue)
        {
            Bind(res, new Binding.Scalar(Extent(Dim.Of(instr.Attrs.DimName!)), DType.Index));
            return;
        }
        if (instr.Op == Opcode.Load) { EmitLoad(instr); return; }

        var type = res.DType;
        var key = instr.Op switch
        {
            Opcode.Cast => new PtxOpKey(Opcode.Cast, type, instr.Args[0].DType),
            Opcode.Cmp => PtxOpKey.Of(Opcode.Cmp, instr.Args[0].DType),
            _ => PtxOpKey.Of(instr.Op, type),
        };
        var rule = Rule(key, instr);
        var m = rule.Mnemonic;
        if (instr.Op == Opcode.Cmp)
            m = m.Replace("{pred}", instr.Attrs.Pred == CmpPred.Ne && instr.Args[0].DType.IsFloat() ? "neu" : instr.Attrs.Pred.Name());
        if (instr.Op == Opcode.Cast)
        {
            if (type == DType.BF16 && instr.Attrs.Rounding is not (RoundingMode.NearestEven or RoundingMode.TowardZero))
                throw new EmitFailure(PtxDiagnosticIds.UnsupportedOp, $"%{res.Name}: cvt to bf16 supports only .rn and .rz on sm_80, not .{instr.Attrs.Rounding.Suffix()}");
            m = m.Replace("{rnd}", instr.Attrs.Rounding.Suffix());
        }
        var d = _b.Reg(ClassOf(type));
        var a = instr.Args.Select(ScalarReg).ToList();
        if (instr.Op == Opcode.Select && rule.Idiom == PtxIdiom.Single) a = [a[1], a[2], a[0]]; // selp d, a, b, c: d = c ? a : b
        switch (rule.Idiom)
        {
            case PtxIdiom.Single:
                _b.Op(instr.Op == Opcode.Const ? $"{m} {d}, {Literal(instr.Attrs.Number, type)}" : $"{m} {d}, {string.Join(", ", a)}");
                break;
            case PtxIdiom.IntMove:
                _b.Op($"{m} {d}, {a[0]}");
                break;
            case PtxIdiom.ExpViaEx2:
            {
                // exp(x) = 2^(x·log2 e)
                var t = _b.Reg(PtxRegClass.F32);
                _b.Op($"mul.rn.f32 {t}, {a[0]}, {Log2E}");
                _b.Op($"{m} {d}, {t}");
                break;
            }
            case PtxIdiom.LogViaLg2:
            {
                // log(x) = log2(x)·ln 2
                var t = _b.Reg(PtxRegClass.F32);
                _b.Op($"{m} {t}, {a[0]}");
                _b.Op($"mul.rn.f32 {d}, {t}, {Ln2}");
                break;
            }
            case PtxIdiom.RsqrtViaSqrtDiv:
            {
                // rsqrt(x) = 1 / sqrt(x), two IEEE roundings
                var t = _b.Reg(PtxRegClass.F32);
                _b.Op($"{m} {t}, {a[0]}");
                _b.Op($"div.rn.f32 {d}, 0f3F800000, {t}");
                break;
            }
            case PtxIdiom.ErfPolynomial: EmitErf(d, a[0]); break;
            case PtxIdiom.ToI8Saturating:
                _b.Op($"{m} {d}, {a[0]}");
                _b.Op($"max.s32 {d}, {d}, -128");
                _b.Op($"min.s32 {d}, {d}, 127");
                break;
            case PtxIdiom.BoolConst:
            {
                var r = _b.Reg(PtxRegClass.B32);
                _b.Op($"mov.b32 {r}, {(instr.Attrs.Number != 0 ? 1 : 0)}");
                _b.Op($"{m} {d}, {r}, 0");
                break;
            }
            case PtxIdiom.BoolSelect:
            {
                // d = (c ∧ a) ∨ (¬c ∧ b)
                var t1 = _b.Reg(PtxRegClass.Pred);
                var nc = _b.Reg(PtxRegClass.Pred);
                var t2 = _b.Reg(PtxRegClass.Pred);
                _b.Op($"and.pred {t1}, {a[0]}, {a[1]}");
                _b.Op($"not.pred {nc}, {a[0]}");
                _b.Op($"and.pred {t2}, {nc}, {a[2]}");
                _b.Op($"or.pred {d}, {t1}, {t2}");
                break;
            }
            default: throw new InvalidOperationException($"emitter: idiom {rule.Idiom}");
        }
        Bind(res, new Binding.Scalar(d, type));
    }

    /// <summary>Abramowitz–Stegun 7.1.26: with z = |x|, t = 1/(1 + p·z),
    /// erf(z) ≈ 1 − (a1·t + a2·t² + a3·t³ + a4·t⁴ + a5·t⁵)·exp(−z²), |ε| ≤ 1.5·10⁻⁷; erf(−x) = −erf(x) by selp.
    /// Every op is .rn; exp(−z²) is the ex2 idiom.</summary>
    private void EmitErf(string d, string x)
    {
        var z = F(); _b.Op($"abs.f32 {z}, {x}");
        var den = F(); _b.Op($"fma.rn.f32 {den}, {z}, {Literal(0.3275911, DType.F32)}, 0f3F800000");
        var t = F(); _b.Op($"div.rn.f32 {t}, 0f3F800000, {den}");
        double[] a = [1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592]; // a5 .. a1 (Horner)
        var poly = F(); _b.Op($"mov.f32 {poly}, {Literal(a[0], DType.F32)}");
        for (int i = 1; i < a.Length; i++)
        {
            var next = F(); _b.Op($"fma.rn.f32 {next}, {poly}, {t}, {Literal(a[i], DType.F32)}");
            poly = next;
        }
        var pt = F(); _b.Op($"mul.rn.f32 {pt}, {poly}, {t}");
        var z2 = F(); _b.Op($"mul.rn.f32 {z2}, {z}, {z}");
        var arg = F(); _b.Op($"mul.rn.f32 {arg}, {z2}, 0fBFB8AA3B"); // −z²·log2 e
        var e = F(); _b.Op($"ex2.approx.f32 {e}, {arg}");
        var npt = F(); _b.Op($"neg.f32 {npt}, {pt}");
        var y = F(); _b.Op($"fma.rn.f32 {y}, {npt}, {e}, 0f3F800000"); // y = 1 − pt·exp(−z²), one rounding
        // erf(x) = sign(x)·y, chosen without a branch on float data
        var ny = F(); _b.Op($"neg.f32 {ny}, {y}");
        var neg = _b.Reg(PtxRegClass.Pred); _b.Op($"setp.lt.f32 {neg}, {x}, 0f00000000");
        _b.Op($"selp.f32 {d}, {ny}, {y}, {neg}");
        string F() => _b.Reg(PtxRegClass.F32);
    }
}
