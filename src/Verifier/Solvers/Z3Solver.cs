using System.Diagnostics;
using KernelC.IR;
using KernelC.Verifier.Smt;

namespace KernelC.Verifier.Solvers;

/// <summary>Z3 in-process through libz3. A fresh context per query (contexts are independent, so queries may run
/// in parallel). The time limit is enforced by our own watchdog, which interrupts the context (Z3_interrupt), and
/// not by Z3's: the thread pool behind Z3's internal timer (scoped_timer) can deadlock in 4.8.10-4.8.12 when timers
/// expire concurrently (Z3 PR #5371, issue #5990) — seen here as a hung test run. So the script's
/// <c>(set-option :timeout N)</c> line, kept in the standalone files for people re-running them by hand, is dropped
/// before evaluation, and no timeout parameter is set on the context. The watchdog repeats its interrupt after the
/// deadline until the query returns. The rlimit (deterministic) stays.</summary>
public sealed class Z3Solver : ISolver
{
    /// <summary>After the deadline the watchdog interrupts again at this period until the query returns: an
    /// interrupt that lands before check-sat starts is cleared by Z3 when the search begins.</summary>
    public const int RepeatInterruptMs = 100;

    public string Name => "z3";

    public SolverAnswer CheckScript(string smtlib2, SolverLimits limits)
    {
        Z3Native.EnsureLoaded();
        var sw = Stopwatch.StartNew();
        var cfg = Z3Native.Z3_mk_config();
        Z3Native.Z3_set_param_value(cfg, "model", "true");
        var ctx = Z3Native.Z3_mk_context(cfg);
        Z3Native.Z3_del_config(cfg);
        // Must come first: the default handler ends the process on a malformed script.
        Z3Native.Z3_set_error_handler(ctx, IntPtr.Zero);
        var gate = new object();
        bool alive = true, interrupted = false;
        using var watchdog = new Timer(_ =>
        {
            lock (gate) { if (alive) { interrupted = true; Z3Native.Z3_interrupt(ctx); } }
        }, null, limits.TimeoutMs, RepeatInterruptMs);
        try
        {
            var (output, error) = Eval(ctx, WithoutTimeoutOption(smtlib2));
            if (error is not null && interrupted)
                return new SolverAnswer(EqArray.Of(SatStatus.Unknown), null, null, "timeout (watchdog interrupted z3)", sw.Elapsed);
            if (error is not null) return SolverAnswer.Failed(error, sw.Elapsed);
            var (results, err) = OutputReader.Statuses(output);
            if (err is not null) return SolverAnswer.Failed(err, sw.Elapsed);
            string? model = null, reason = null;
            if (results.Count > 0 && results[^1] == SatStatus.Sat)
            {
                (model, error) = Eval(ctx, SmtPrinter.CommandText(new GetModel()));
                if (error is not null) return SolverAnswer.Failed(error, sw.Elapsed);
            }
            else if (results.Count > 0 && results[^1] == SatStatus.Unknown)
            {
                (var info, error) = Eval(ctx, SmtPrinter.CommandText(new GetReasonUnknown()));
                reason = error is null ? OutputReader.Reason(info) : "unknown (no reason given)";
                if (interrupted) reason = "timeout (watchdog interrupted z3)";
            }
            return new SolverAnswer(results.ToEqArray(), null, model, reason, sw.Elapsed);
        }
        finally
        {
            lock (gate) { alive = false; }
            Z3Native.Z3_del_context(ctx);
        }
    }

    /// <summary>The script without its <c>(set-option :timeout N)</c> lines (see the class comment).</summary>
    internal static string WithoutTimeoutOption(string script) =>
        string.Join('\n', script.Split('\n').Where(line => !line.TrimStart().StartsWith("(set-option :timeout ", StringComparison.Ordinal)));

    private static (string Output, string? Error) Eval(IntPtr ctx, string text)
    {
        var output = Z3Native.Str(Z3Native.Z3_eval_smtlib2_string(ctx, text)); // copied before any other call
        int code = Z3Native.Z3_get_error_code(ctx);
        if (code != 0)
        {
            var msg = Z3Native.Str(Z3Native.Z3_get_error_msg(ctx, code));
            return (output, $"z3 error code {code}: {msg} {OutputReader.FirstError(output)}".TrimEnd());
        }
        return (output, OutputReader.FirstError(output));
    }
}
