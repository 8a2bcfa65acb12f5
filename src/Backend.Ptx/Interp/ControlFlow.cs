using System.Collections;
using KernelC.Backend.Ptx.Semantics;

namespace KernelC.Backend.Ptx.Interp;

/// <summary>Reconvergence points of an entry's branches: for a branch ending basic block b, the first instruction of
/// b's immediate post-dominator (Count when that is the kernel's exit). Post-dominators by the iterative data-flow
/// pdom(EXIT) = {EXIT}, pdom(b) = {b} ∪ ⋂ pdom(s) over successors s; ipdom(b) is the strict post-dominator of b that
/// every other strict post-dominator of b post-dominates, i.e. the one with the largest pdom set.</summary>
internal static class ControlFlow
{
    /// <param name="forms">The decoded instructions.</param>
    /// <param name="guarded">Whether instruction i has a guard predicate.</param>
    /// <param name="targets">The branch target of instruction i (bra), else -1.</param>
    /// <returns>For each instruction index, the reconvergence pc if it is a branch, else -1.</returns>
    public static int[] Reconvergence(IReadOnlyList<PtxForm> forms, IReadOnlyList<bool> guarded, IReadOnlyList<int> targets)
    {
        int n = forms.Count;
        var leader = new bool[n + 1];
        leader[0] = true;
        for (int i = 0; i < n; i++)
        {
            if (targets[i] >= 0) leader[targets[i]] = true;
            if (forms[i].Op is PtxOp.Bra or PtxOp.Ret or PtxOp.Exit or PtxOp.Trap) leader[i + 1] = true;
        }
        var starts = new List<int>();
        var blockOf = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            if (leader[i]) starts.Add(i);
            blockOf[i] = starts.Count - 1;
        }
        int blocks = starts.Count, exit = blocks; // node 'blocks' is EXIT
        blockOf[n] = exit;
        var succ = new List<int>[blocks];
        for (int b = 0; b < blocks; b++)
        {
            int last = (b + 1 < blocks ? starts[b + 1] : n) - 1;
            var s = new List<int>();
            var op = forms[last].Op;
            if (op == PtxOp.Bra)
            {
                s.Add(blockOf[targets[last]]);
                if (guarded[last]) s.Add(blockOf[last + 1]);
            }
            else if (op is PtxOp.Ret or PtxOp.Exit or PtxOp.Trap)
            {
                s.Add(exit);
                if (guarded[last]) s.Add(blockOf[last + 1]);
            }
            else s.Add(blockOf[last + 1]);
            succ[b] = s;
        }
        var pdom = new BitArray[blocks + 1];
        for (int b = 0; b < blocks; b++) pdom[b] = new BitArray(blocks + 1, true);
        pdom[exit] = new BitArray(blocks + 1) { [exit] = true };
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int b = blocks - 1; b >= 0; b--)
            {
                var next = new BitArray(blocks + 1, true);
                foreach (var s in succ[b]) next.And(pdom[s]);
                next[b] = true;
                if (!Same(next, pdom[b])) { pdom[b] = next; changed = true; }
            }
        }
        var result = new int[n];
        Array.Fill(result, -1);
        for (int b = 0; b < blocks; b++)
        {
            int last = (b + 1 < blocks ? starts[b + 1] : n) - 1;
            if (forms[last].Op != PtxOp.Bra) continue;
            int best = exit, bestCount = -1;
            for (int p = 0; p <= blocks; p++)
            {
                if (p == b || !pdom[b][p]) continue;
                int c = Count(pdom[p]);
                if (c > bestCount) { best = p; bestCount = c; }
            }
            result[last] = best == exit ? n : starts[best];
        }
        return result;
    }

    private static bool Same(BitArray a, BitArray b)
    {
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static int Count(BitArray a)
    {
        int c = 0;
        for (int i = 0; i < a.Length; i++) if (a[i]) c++;
        return c;
    }
}
