using KernelC.IR;

namespace KernelC.Passes.Flash;

/// <summary>What flash needs to know of a fused attention kernel: the query/key/value parameters, the sequence and
/// head dims, whether the scores are causally masked (select(j &lt;= i, ·, -inf)). Recognition is deliberately
/// shallow (the pass is untrusted): the checker regenerates every claim from both IRs.</summary>
public sealed record AttentionPattern(string Q, string K, string V, string N, string D, bool Causal)
{
    public static AttentionPattern? Match(Kernel k)
    {
        if (k.Params.Count != 3 || k.Outputs.Count != 1 || k.Outputs[0].Type.Shape.Count != 2) return null;
        if (k.Outputs[0].Type.Shape[0] is not Dim.Sym n || k.Outputs[0].Type.Shape[1] is not Dim.Sym d) return null;
        var computes = k.Body.Where(i => i.Op == Opcode.Compute).ToList();
        if (computes.Count != k.Body.Count) return null;
        // the scores: a [N, N] compute whose region holds a sum over D of q[i,d]*k[j,d]
        var s = computes.FirstOrDefault(c => c.Result.Type.Shape.Count == 2 && c.Result.Type.Shape[0] == n && c.Result.Type.Shape[1] == n);
        if (s is null) return null;
        var dot = s.Body!.Body.FirstOrDefault(i => i.Op == Opcode.Reduce && i.Attrs.Reduction == ReduceKind.Sum);
        if (dot is null) return null;
        var loads = dot.Body!.Body.Where(i => i.Op == Opcode.Load).Select(i => i.Args[0].Name).ToList();
        if (loads.Count != 2) return null;
        var rest = k.Params.Select(p => p.Name).Except(loads).ToList();
        if (rest.Count != 1) return null;
        if (!computes.Any(c => c.Body!.Body.Any(i => i.Op == Opcode.Reduce && i.Attrs.Reduction == ReduceKind.Max))) return null;
        bool causal = s.Body.Body.Any(i => i.Op == Opcode.Select);
        return new AttentionPattern(loads[0], loads[1], rest[0], n.Name, d.Name, causal);
    }
}
