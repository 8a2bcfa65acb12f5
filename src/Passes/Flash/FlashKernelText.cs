using System.Text;
using KernelC.IR;

namespace KernelC.Passes.Flash;

/// <summary>The loop-level flash kernel as IR text (parsed and verified by the pass). One parallel over query blocks
/// of Bq rows (and the whole head dim); a for over key blocks of Bk carrying m (init -inf), l (0), acc (0). Per block:
///   s = scores (masked for causal); m1 = max(m0, rowmax s); mu = (m1 = -inf ? 0 : m1)   // FA2 guard: no -inf - -inf
///   p = exp(s - mu); alpha = exp(m0 - mu)   // m0 = -inf ⇒ alpha = exp(-inf) = 0
///   l1 = alpha·l0 + rowsum p; acc1 = alpha·acc0 + p·v_blk
/// and the tile is acc / l. Causal: the loop ends at qb + Bq (blocks past the diagonal are all masked).</summary>
public static class FlashKernelText
{
    public static string Build(Kernel k, AttentionPattern p, long bq, long bk, FlashSabotage sab)
    {
        var header = IrPrinter.Print(k).Split('\n');
        var sb = new StringBuilder();
        foreach (var line in header)
        {
            sb.Append(line).Append('\n');
            if (line.EndsWith(" {", StringComparison.Ordinal) || line.EndsWith(") {", StringComparison.Ordinal)) break;
        }
        var o = k.Outputs[0].Name;
        var D = p.D;
        bool guard = sab != FlashSabotage.NoGuard;
        var body = $$"""
  %{{o}}_t: f32[{{p.N}}, {{D}}] = parallel [%qb < {{p.N}} step {{bq}}, %d0 < {{D}} step {{D}}] {
    %mi: f32[{{bq}}] = compute [%r0 < {{bq}}] {
      %ninf: f32 = const -inf
      yield %ninf
    }
    %li: f32[{{bq}}] = compute [%r1 < {{bq}}] {
      %zero: f32 = const 0
      yield %zero
    }
    %ai: f32[{{bq}}, {{D}}] = compute [%r2 < {{bq}}, %e2 < {{D}}] {
      %zero2: f32 = const 0
      yield %zero2
    }
{{Bound(p, bq, bk, sab)}}    %m: f32[{{bq}}], %l: f32[{{bq}}], %acc: f32[{{bq}}, {{D}}] = for %kb < %n step {{bk}} carry (%m0 = %mi, %l0 = %li, %acc0 = %ai) {
      %s: f32[{{bq}}, {{bk}}] = compute [%r3 < {{bq}}, %c3 < {{bk}}] {
        %i: index = add %qb, %r3
        %j: index = add %kb, %c3
        %dot: f32 = reduce.sum [%d < {{D}}] {
          %qe: f32 = load %{{p.Q}}[%i, %d]
          %ke: f32 = load %{{p.K}}[%j, %d]
          %qk: f32 = mul %qe, %ke
          yield %qk
        }
        %dd: index = dim {{D}}
        %df: f32 = cast.rn %dd
        %sq: f32 = sqrt %df
        %sc0: f32 = div %dot, %sq
{{Bias(sab)}}{{Mask(p.Causal, sab)}}      }
      %m1: f32[{{bq}}] = compute [%r4 < {{bq}}] {
        %mold: f32 = load %m0[%r4]
        %rowmax: f32 = reduce.max [%c4 < {{bk}}] {
          %s4: f32 = load %s[%r4, %c4]
          yield %s4
        }
        %mnew: f32 = {{(sab == FlashSabotage.MaxAsAdd ? "add" : "max")}} %mold, %rowmax
        yield %mnew
      }
      %mu: f32[{{bq}}] = compute [%r9 < {{bq}}] {
        %m9: f32 = load %m1[%r9]
{{(guard ? "        %ninf9: f32 = const -inf\n        %isinf: bool = cmp.eq %m9, %ninf9\n        %z9: f32 = const 0\n        %g9: f32 = select %isinf, %z9, %m9\n        yield %g9\n" : "        yield %m9\n")}}      }
      %p: f32[{{bq}}, {{bk}}] = compute [%r5 < {{bq}}, %c5 < {{bk}}] {
        %s5: f32 = load %s[%r5, %c5]
        %m5: f32 = load %mu[%r5]
        %sm: f32 = sub %s5, %m5
        %e5: f32 = exp %sm
        yield %e5
      }
      %l1: f32[{{bq}}] = compute [%r6 < {{bq}}] {
        %lold: f32 = load %l0[%r6]
        %mo6: f32 = load %m0[%r6]
        %mn6: f32 = load %mu[%r6]
        %dm6: f32 = sub %mo6, %mn6
        %al6: f32 = exp %dm6
        %ls: f32 = {{(sab == FlashSabotage.NoRescale ? "add %lold, %z6" : "mul %lold, %al6")}}
        %rowsum: f32 = reduce.sum [%c6 < {{bk}}] {
          %p6: f32 = load %p[%r6, %c6]
          yield %p6
        }
        %lnew: f32 = add %ls, %rowsum
        yield %lnew
      }
      %acc1: f32[{{bq}}, {{D}}] = compute [%r7 < {{bq}}, %e7 < {{D}}] {
        %aold: f32 = load %acc0[%r7, %e7]
        %mo7: f32 = load %m0[%r7]
        %mn7: f32 = load %mu[%r7]
        %dm7: f32 = sub %mo7, %mn7
        %al7: f32 = exp %dm7
        %as: f32 = mul %aold, %al7
        %pv: f32 = reduce.sum [%c7 < {{bk}}] {
          %p7: f32 = load %p[%r7, %c7]
          %j7: index = add %kb, %c7
          %v7: f32 = load %{{p.V}}[%j7, %e7]
          %pv7: f32 = mul %p7, %v7
          yield %pv7
        }
        %anew: f32 = add %as, %pv
        yield %anew
      }
      next %m1, %l1, %acc1
    }
    %t: f32[{{bq}}, {{D}}] = compute [%r8 < {{bq}}, %e8 < {{D}}] {
      %a8: f32 = load %acc[%r8, %e8]
      %l8: f32 = load %l[%r8]
      %o8: f32 = div %a8, %l8
      yield %o8
    }
    yield %t
  }
  return %{{o}}_t
}

""";
        if (sab == FlashSabotage.NoRescale) body = body.Replace("        %lold: f32 = load %l0[%r6]\n", "        %lold: f32 = load %l0[%r6]\n        %z6: f32 = const 0\n");
        return sb.Append(body).ToString();
    }

    // The key loop's bound %n: N, or the end of the query block (causal); LoopPastEnd adds one block too many.
    private static string Bound(AttentionPattern p, long bq, long bk, FlashSabotage sab)
    {
        var name = sab == FlashSabotage.LoopPastEnd ? "%n0" : "%n";
        var end = p.Causal ? $"    %bq: index = const {bq}\n    {name}: index = add %qb, %bq\n" : $"    {name}: index = dim {p.N}\n";
        return sab == FlashSabotage.LoopPastEnd ? end + $"    %bk: index = const {bk}\n    %n: index = add %n0, %bk\n" : end;
    }

    private static string Bias(FlashSabotage sab) => sab != FlashSabotage.BiasFirstBlock ? "        %sc: f32 = add %sc0, %sc0z\n".Replace("add %sc0, %sc0z", "mul %sc0, %one").Insert(0, "        %one: f32 = const 1\n")
        : "        %zb: index = const 0\n        %first: bool = cmp.eq %kb, %zb\n        %b1: f32 = const 0.0009765625\n        %b0: f32 = const 0\n        %bias: f32 = select %first, %b1, %b0\n        %sc: f32 = add %sc0, %bias\n";

    private static string Mask(bool causal, FlashSabotage sab) => !causal ? "        yield %sc\n"
        : $"        %keep: bool = cmp.{(sab == FlashSabotage.FlippedMask ? "ge" : "le")} %j, %i\n        %ninf3: f32 = const -inf\n        %masked: f32 = select %keep, %sc, %ninf3\n        yield %masked\n";
}
