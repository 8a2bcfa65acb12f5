using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;
using KernelC.Tests.Shared;
using KernelC.Verifier.Checking;
using KernelC.Verifier.Ptx;
using static KernelC.Checker.Tests.Lowering.LoweringFixtures;

namespace KernelC.Checker.Tests.Fuzz;

/// <summary>A bundle's `ptx/K.program.json` is untrusted input read twice: by the backend (PtxProgramJson, for
/// running) and by the checker's own reader (LoweringProgram, for the lowering proof). On structurally mutated valid
/// program files and on random bytes neither throws: each accepts or rejects with a message (the backend's as a
/// KC0803 diagnostic naming the file). A mutant the checker's reader accepts is then checked whole against the
/// honest PTX and IR: rejected, refuted or proved (some mutants are still right programs) — never an exception. Seeded, budget from KERNELC_FUZZ_SCALE (docs/fuzzing.md).</summary>
public class ProgramFileFuzzTests
{
    private static readonly (string Json, string Ptx)[] Seeds =
    [
        (AxpbProgram(AxpbPtx), AxpbPtx),
        (MatmulProgram(MatmulPtx), MatmulPtx),
    ];

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1L << 40), JsonValue.Create(2147483648L),
        JsonValue.Create(1.5), JsonValue.Create(true), JsonValue.Create(""), JsonValue.Create("N"), JsonValue.Create("../x"),
        JsonValue.Create("input"), JsonValue.Create("scratch"), JsonValue.Create("output"), JsonValue.Create("f16"),
        JsonValue.Create("i8"), JsonValue.Create("axpb_z"), JsonValue.Create("\u0000"), new JsonArray(), new JsonObject(),
        new JsonArray(JsonValue.Create("N"), JsonValue.Create("N")), new JsonObject { ["dim"] = "Q", ["divisor"] = 0 },
        new JsonObject { ["constant"] = 100000 }, new JsonObject { ["name"] = "N", ["kind"] = "buffer" },
    ];


    /// <summary>One structural edit of the JSON tree: replace a value, remove a member or element, duplicate an
    /// element, rename a member; on text that no longer parses, a character edit.</summary>
    private static string Mutate(string json, int kind, int a, int b)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException) { root = null; }
        if (root is null) // an earlier edit broke the syntax: edit characters instead
            return json.Length == 0 ? "{" : json.Remove(a % json.Length, 1).Insert(b % json.Length, "\"{}[],:0-e"[kind % 10].ToString());
        var nodes = new List<JsonNode>();
        void Walk(JsonNode n)
        {
            nodes.Add(n);
            if (n is JsonObject o) foreach (var (_, v) in o) { if (v is not null) Walk(v); }
            else if (n is JsonArray arr) foreach (var v in arr) { if (v is not null) Walk(v); }
        }
        Walk(root);
        var target = nodes[a % nodes.Count];
        var parent = target.Parent;
        if (parent is null) return kind % 2 == 0 ? "[]" : json[..(a % (json.Length + 1))];
        var replacement = Replacements[b % Replacements.Length]?.DeepClone();
        switch (parent, kind % 4)
        {
            case (JsonObject o, 0): o[target.GetPropertyName()] = replacement; break;
            case (JsonObject o, 1): o.Remove(target.GetPropertyName()); break;
            case (JsonObject o, 2):
                var name = target.GetPropertyName();
                o.Remove(name);
                o[name + "x"] = target;
                break;
            case (JsonObject o, _): o[target.GetPropertyName()] = JsonValue.Create(b % 3 == 0 ? int.MaxValue : b % 100); break;
            case (JsonArray arr, 0): arr[arr.IndexOf(target)] = replacement; break;
            case (JsonArray arr, 1): arr.Remove(target); break;
            case (JsonArray arr, _): arr.Insert(arr.IndexOf(target), target.DeepClone()); break;
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = b % 2 == 0 });
    }

    /// <summary>One to three edits of <paramref name="seed"/>.</summary>
    private static Gen<string> Edited(string seed) =>
        from n in Gen.Choose(1, 3)
        from ops in Gen.ArrayOf(Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, int.MaxValue).SelectMany(a =>
            Gen.Choose(0, int.MaxValue).Select(b => (kind, a, b)))), n)
        select ops.Aggregate(seed, (text, op) => Mutate(text, op.kind, op.a, op.b));

    private static Gen<(string Json, int Seed)> Mutated =>
        from seed in Gen.Choose(0, Seeds.Length - 1)
        from json in Edited(Seeds[seed].Json)
        select (json, seed);

    /// <summary>Both readers on one text: no exception; a rejection carries a message.</summary>
    private static LoweringProgram? ReadBoth(string json, string ptx)
    {
        var d = new DiagnosticBag();
        try
        {
            var p = PtxProgramJson.Read(json, ptx, "ptx/k.program.json", d);
            if (p is null && !d.Items.Any(x => x.Id == "KC0803" && x.File == "ptx/k.program.json" && x.Message.Length > 0))
                throw new Xunit.Sdk.XunitException($"the backend rejected without a KC0803 diagnostic\n--- input ---\n{json}");
            var (program, error) = LoweringProgram.Read(json);
            if (program is null && string.IsNullOrEmpty(error))
                throw new Xunit.Sdk.XunitException($"the checker rejected without a message\n--- input ---\n{json}");
            return program;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"exception {e.GetType().Name}: {e.Message}\n--- input ---\n{json}");
        }
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Mutated_program_files_are_read_or_reported_by_both_readers()
    {
        Prop.ForAll(Mutated.ToArbitrary(), m => { ReadBoth(m.Json, Seeds[m.Seed].Ptx); }).Check(FuzzBudget.Config(400));
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Random_bytes_are_reported_by_both_readers()
    {
        var gen = from n in Gen.Choose(0, 300)
                  from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(x => (byte)x), n)
                  from prefix in Gen.Elements("", "{\"format\": \"kernelc-ptx-program/1\", ")
                  select prefix + Encoding.UTF8.GetString(bytes);
        Prop.ForAll(gen.ToArbitrary(), json => { ReadBoth(json, AxpbPtx); }).Check(FuzzBudget.Config(300));
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void A_mutated_program_the_checker_accepts_never_crashes_the_lowering_check()
    {
        // the elementwise kernel: a whole lowering check takes well under a second
        var final = CheckerSupport.Parse(AxpbIr);
        var cert = LoweringCertificate.For(final, "axpb", AxpbPtx, "ptx/axpb.program.json");
        int checkedWhole = 0;
        var gen = Edited(AxpbProgram(AxpbPtx));
        Prop.ForAll(gen.ToArbitrary(), json =>
        {
            if (ReadBoth(json, AxpbPtx) is null || checkedWhole >= FuzzBudget.Count(12)) return;
            checkedWhole++;
            CheckReport r;
            try { r = LoweringCheck.Check(final, AxpbPtx, json, cert, CheckerSupport.Options); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"lowering check threw {e.GetType().Name}: {e.Message}\n--- input ---\n{json}"); }
            // a mutant may still be a right program (the launch repeated, a bigger grid whose extra threads exit, the
            // report edited): proving it is fine; what is checked is that a verdict comes back, never an exception
            if (r.Rejection is null && !r.Passed) Assert.NotEmpty(r.Obligations);
        }).Check(FuzzBudget.Config(200));
        Assert.True(checkedWhole > 0, "no mutated program file was accepted by the checker's reader: the whole-check part did not run");
    }
}
