using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using KernelC.IR;

namespace KernelC.Verifier.Solvers;

/// <summary>cvc5 (1.0.3) as a separate process, the independent second opinion on the same files. The script goes
/// on stdin; limits come from the command line (`--tlimit-per`, `--seed`; cvc5 answers `unsupported` to z3's
/// :timeout/:rlimit options, which is ignored). `--dump-models` prints the model after every sat answer.
/// `--fp-exp` is added when the script uses a FloatingPoint sort other than Float32/Float64.
/// The process is killed at timeout + <see cref="KillSlackMs"/> → Unknown("timeout").</summary>
public sealed class Cvc5Solver(string executable = "cvc5") : ISolver
{
    public const int KillSlackMs = 2_000;
    public string Name => "cvc5";

    /// <summary>True if the executable can be found on PATH (or is an existing path).</summary>
    public static bool IsAvailable(string executable = "cvc5")
    {
        if (executable.Contains('/')) return File.Exists(executable);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, executable)));
    }

    public IReadOnlyList<string> Arguments(string smtlib2, SolverLimits limits)
    {
        var args = new List<string>
        {
            "--lang", "smt2", "--incremental", "--produce-models", "--dump-models",
            "--tlimit-per=" + limits.TimeoutMs.ToString(CultureInfo.InvariantCulture),
            "--seed=" + limits.Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (NeedsFpExp(smtlib2)) args.Add("--fp-exp");
        return args;
    }

    public SolverAnswer CheckScript(string smtlib2, SolverLimits limits)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Arguments(smtlib2, limits)) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        Process proc;
        try { proc = Process.Start(psi) ?? throw new Win32Exception("cvc5 did not start"); }
        catch (Win32Exception)
        {
            throw new MissingDependencyException("cvc5", "install it with `apt-get install cvc5`");
        }
        using (proc)
        {
            var stdout = proc.StandardOutput.ReadToEndAsync();
            var stderr = proc.StandardError.ReadToEndAsync();
            try
            {
                proc.StandardInput.Write(smtlib2);
                proc.StandardInput.Close();
            }
            catch (IOException) { /* cvc5 exited early; its output says why */ }
            if (!proc.WaitForExit(limits.TimeoutMs + KillSlackMs))
            {
                proc.Kill(entireProcessTree: true);
                proc.WaitForExit();
                return new SolverAnswer(EqArray.Of(SatStatus.Unknown), null, null, "timeout (cvc5 killed)", sw.Elapsed);
            }
            proc.WaitForExit();
            string output = stdout.Result, errors = stderr.Result;
            var elapsed = sw.Elapsed;
            if (OutputReader.FirstError(output) is string e) return SolverAnswer.Failed("cvc5: " + e, elapsed);
            if (proc.ExitCode != 0)
                return SolverAnswer.Failed($"cvc5 exit code {proc.ExitCode}: {errors.Trim()} {output.Trim()}".TrimEnd(), elapsed);
            var (results, err) = OutputReader.Statuses(output);
            if (err is not null) return SolverAnswer.Failed("cvc5: " + err, elapsed);
            string? model = null, reason = null;
            if (results.Count > 0 && results[^1] == SatStatus.Sat) model = LastModel(output);
            if (results.Count > 0 && results[^1] == SatStatus.Unknown)
                // cvc5 1.0.3 refuses get-info :reason-unknown after a non-unknown answer, so it is not asked;
                // an unknown at (or past) the time limit is reported as a timeout.
                reason = elapsed.TotalMilliseconds >= 0.9 * limits.TimeoutMs ? "timeout" : "incomplete (cvc5 answered unknown)";
            return new SolverAnswer(results.ToEqArray(), null, model, reason, elapsed);
        }
    }

    // The list printed right after the last status atom is the model (--dump-models).
    private static string? LastModel(string output)
    {
        var all = SExpr.ParseAll(output);
        if (all is null) return null;
        int last = all.FindLastIndex(x => x is SExpr.Atom { Text: "sat" });
        return last >= 0 && last + 1 < all.Count && all[last + 1] is SExpr.List l ? l.ToString() : null;
    }

    /// <summary>Whether the script mentions a FloatingPoint sort or literal other than 8/24 and 11/53.</summary>
    public static bool NeedsFpExp(string smtlib2)
    {
        var all = SExpr.ParseAll(smtlib2);
        if (all is null) return false;
        bool Std(int eb, int sb) => (eb, sb) is (8, 24) or (11, 53);
        bool Walk(SExpr x)
        {
            if (x is not SExpr.List l) return false;
            if (l.Items.Count == 4 && l.Head is "_" && l.Items[1] is SExpr.Atom { Text: "FloatingPoint" or "to_fp" or "+zero" or "-zero" or "+oo" or "-oo" or "NaN" }
                && int.TryParse(l.Items[2].ToString(), out var eb) && int.TryParse(l.Items[3].ToString(), out var sb) && !Std(eb, sb))
                return true;
            if (l.Items.Count == 4 && l.Head is "fp" && l.Items[2] is SExpr.Atom e && l.Items[3] is SExpr.Atom m
                && e.Text.StartsWith("#b", StringComparison.Ordinal) && m.Text.StartsWith("#b", StringComparison.Ordinal)
                && !Std(e.Text.Length - 2, m.Text.Length - 1))
                return true;
            return l.Items.Any(Walk);
        }
        return all.Any(Walk);
    }
}
