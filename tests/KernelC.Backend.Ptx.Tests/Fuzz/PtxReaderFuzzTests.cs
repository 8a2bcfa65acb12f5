using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using KernelC.Backend.Ptx.Interp;
using KernelC.Backend.Ptx.Model;
using KernelC.Backend.Ptx.Reader;
using KernelC.IR;
using KernelC.Tests.Shared;

namespace KernelC.Backend.Ptx.Tests.Fuzz;

/// <summary>The PTX reader on mutated valid kernels and on random text: no exception escapes; a rejection is at least
/// one KC07xx diagnostic with a line:col inside the text; an accepted module also runs in the interpreter (small
/// launch, small step budget) without an exception — every problem is a fault. Seeded (FsCheck), budget from
/// KERNELC_FUZZ_SCALE (docs/fuzzing.md).</summary>
public class PtxReaderFuzzTests
{
    private static readonly string[] Seeds = PtxFiles.All().Select(PtxFiles.Text).ToArray();
    private static readonly string[] Tokens = Seeds.SelectMany(s => Regex.Matches(s, @"[%.$\w]+|[^\s\w]").Select(m => m.Value))
        .Concat([".f16", ".bf16", ".v4", ".s8", ".rni", ".sat", ".shared", ".global", ".param", "0fFFFFFFFF", "-1", "0x7fffffff",
            "%tid.y", "{", "}", "[", "]", "@!%p1", "1024", ".extern", ".align", "99999999999999999999"])
        .Distinct().ToArray();

    private static int _accepted;

    /// <summary>Reads text; asserts the reader contract; returns the module when accepted.</summary>
    private static bool ReadsOrReports(string text)
    {
        var d = new DiagnosticBag();
        PtxModule? m;
        try { m = PtxReader.Read(text, "fuzz.ptx", d); }
        catch (Exception e) { throw new Xunit.Sdk.XunitException($"exception {e.GetType().Name}: {e.Message}\n--- input ---\n{text}"); }
        var lines = text.Split('\n').Length;
        if (m is null)
        {
            if (d.Items.Count == 0) throw new Xunit.Sdk.XunitException($"rejected without a diagnostic\n--- input ---\n{text}");
            foreach (var x in d.Items)
                if (!x.Id.StartsWith("KC07", StringComparison.Ordinal) || x.Line < 1 || x.Line > lines || x.Column < 1 || x.File != "fuzz.ptx")
                    throw new Xunit.Sdk.XunitException($"bad diagnostic {x.Format()}\n--- input ---\n{text}");
            _ = d.Items.Select(x => x.Format()).ToList(); // formatting never throws
            return true;
        }
        if (d.HasErrors) throw new Xunit.Sdk.XunitException($"a module with errors\n--- input ---\n{text}");
        foreach (var e in m.Entries) RunQuietly(m, e, text);
        Interlocked.Increment(ref _accepted);
        return true;
    }

    /// <summary>Runs an accepted kernel: every pointer parameter gets a 4 KiB buffer, every u32 16, every f32 1.</summary>
    private static void RunQuietly(PtxModule m, PtxEntry e, string text)
    {
        var mem = new GlobalMemory();
        var args = e.Params.Select(p => p.Type.Bits() == 64 ? (PtxArg)new PtxArg.U64(mem.Allocate(4096))
            : p.Type == PtxType.F32 ? new PtxArg.F32(1) : new PtxArg.U32(16)).ToList();
        try
        {
            var r = PtxInterpreter.Run(m, e.Name, new LaunchConfig(1, 1, 1, 32, 2, 1, 256), args, mem, new PtxRunOptions(MaxWarpInstructions: 20_000));
            if (r.Fault is { } f && string.IsNullOrEmpty(f.Message)) throw new Xunit.Sdk.XunitException("a fault without a message");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"interpreter exception {ex.GetType().Name}: {ex.Message}\n--- input ---\n{text}");
        }
    }

    private static Gen<string> Mutated =>
        from seed in Gen.Elements(Seeds)
        from edits in Gen.Choose(1, 4)
        from ops in Gen.ArrayOf(
            from kind in Gen.Choose(0, 7)
            from a in Gen.Choose(0, int.MaxValue)
            from b in Gen.Choose(0, int.MaxValue)
            select (kind, a, b), edits)
        select ops.Aggregate(seed, (text, op) => Mutate(text, op.kind, op.a, op.b));

    /// <summary>One structural edit: drop, duplicate or swap lines; drop, duplicate or replace a token; truncate.</summary>
    private static string Mutate(string text, int kind, int a, int b)
    {
        var lines = text.Split('\n').ToList();
        int i = a % lines.Count, j = b % lines.Count;
        switch (kind)
        {
            case 0: lines.RemoveAt(i); return string.Join('\n', lines);
            case 1: lines.Insert(i, lines[j]); return string.Join('\n', lines);
            case 2: (lines[i], lines[j]) = (lines[j], lines[i]); return string.Join('\n', lines);
            case 6: return text[..(a % (text.Length + 1))];
        }
        var toks = Regex.Matches(text, @"[%.$\w]+|[^\s\w]").ToList();
        if (toks.Count == 0) return text;
        var t = toks[a % toks.Count];
        string replacement = kind switch
        {
            3 => "",
            4 => t.Value + " " + t.Value,
            5 => Tokens[b % Tokens.Length],
            _ => t.Value + (char)(b % 128),
        };
        return text[..t.Index] + replacement + text[(t.Index + t.Length)..];
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Mutated_kernels_are_read_or_reported_and_never_crash()
    {
        int before = _accepted;
        Prop.ForAll(Mutated.ToArbitrary(), ReadsOrReports).Check(FuzzBudget.Config(300));
        // some edits keep a kernel valid (a duplicated or dropped instruction): those ran in the interpreter
        Assert.True(_accepted > before, "no mutated kernel was accepted: the interpreter part of the fuzz did not run");
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Random_text_is_reported_and_never_crashes()
    {
        var gen = from n in Gen.Choose(0, 200)
                  from chars in Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 0xFFFF), Gen.Choose(32, 126), Gen.Choose(32, 126)).Select(c => (char)c), n)
                  from prefix in Gen.Elements("", ".version 7.8\n.target sm_80\n.address_size 64\n")
                  select prefix + new string(chars);
        Prop.ForAll(gen.ToArbitrary(), ReadsOrReports).Check(FuzzBudget.Config(300));
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Every_truncation_of_a_kernel_is_read_or_reported()
    {
        var text = PtxFiles.Text("row_sum.ptx");
        for (int n = 0; n <= text.Length; n += Math.Max(1, 8 / FuzzBudget.Scale)) ReadsOrReports(text[..n]);
    }
}
