namespace KernelC.Verifier.Solvers;

/// <summary>Reads check-sat answers, `(error ...)` responses and `(:reason-unknown ...)` from solver output.</summary>
internal static class OutputReader
{
    public static string? FirstError(string output)
    {
        var all = SExpr.ParseAll(output);
        if (all is null) return output.Contains("(error", StringComparison.Ordinal) ? output.Trim() : null;
        var e = all.OfType<SExpr.List>().FirstOrDefault(l => l.Head == "error");
        return e is null ? null : (e.Items.Count > 1 && e.Items[1] is SExpr.Atom a ? a.Text : e.ToString());
    }

    /// <summary>The status atoms in order. `unsupported` (an option this solver does not know) is skipped;
    /// models and other lists are skipped; any other stray atom is an error.</summary>
    public static (List<SatStatus> Results, string? Error) Statuses(string output)
    {
        var results = new List<SatStatus>();
        var all = SExpr.ParseAll(output);
        if (all is null) return (results, "unreadable solver output: " + output.Trim());
        foreach (var x in all)
        {
            if (x is SExpr.List l)
            {
                if (l.Head == "error") return (results, l.Items.Count > 1 && l.Items[1] is SExpr.Atom m ? m.Text : l.ToString());
                continue;
            }
            var t = ((SExpr.Atom)x).Text;
            switch (t)
            {
                case "sat": results.Add(SatStatus.Sat); break;
                case "unsat": results.Add(SatStatus.Unsat); break;
                case "unknown": results.Add(SatStatus.Unknown); break;
                case "unsupported" or "success": break;
                default: return (results, "unexpected solver output: " + t);
            }
        }
        return (results, null);
    }

    /// <summary>`(:reason-unknown "timeout")` → "timeout"; "canceled" (z3's interrupt) also reads as a timeout.</summary>
    public static string Reason(string info)
    {
        var all = SExpr.ParseAll(info);
        var l = all?.OfType<SExpr.List>().FirstOrDefault(x => x.Head == ":reason-unknown");
        var r = l is not null && l.Items.Count > 1 && l.Items[1] is SExpr.Atom a ? a.Text : info.Trim();
        return r == "canceled" ? "timeout (canceled)" : r;
    }
}
