using KernelC.IR;
using KernelC.Passes.Registry;

namespace KernelC.Passes.Tests;

public sealed class PassRegistryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kernelc-plugins-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static PassSpec Spec(string text) => PipelineParser.Parse(text, "--pipeline", new DiagnosticBag())!.Passes[0];

    /// <summary>examples/plugin built in the tests' configuration (the test project builds it).</summary>
    private static string StrengthReduceDll()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<config>/net10.0/
        var path = Path.Combine(TestIr.RepoRoot, "examples", "plugin", "bin", config, "net10.0", "StrengthReduce.dll");
        Assert.True(File.Exists(path), $"{path} not built");
        return path;
    }

    private static string Ids(DiagnosticBag d) => string.Join(",", d.Items.Select(x => x.Id));

    [Fact]
    public void Built_ins_resolve_and_unknown_names_list_the_known_ones()
    {
        var r = PassRegistry.BuiltIn();
        Assert.Contains("fuse", r.Names);
        Assert.Equal(r.Names.Count, r.Names.Distinct().Count());
        var diags = new DiagnosticBag();
        Assert.Equal("fuse", r.Resolve(Spec("fuse"), diags)!.Name);
        Assert.Null(r.Resolve(Spec("fusion"), diags));
        var d = Assert.Single(diags.Items);
        Assert.Equal("KC0502", d.Id);
        Assert.Contains("fusion", d.Message);
        Assert.Contains("known passes: " + string.Join(", ", r.Names), d.Message);
    }

    [Fact]
    public void The_example_plugin_loads_into_its_own_context_and_runs()
    {
        var r = PassRegistry.BuiltIn();
        var diags = new DiagnosticBag();
        Assert.True(r.LoadPlugin(StrengthReduceDll(), diags), Ids(diags));
        var builtIns = PassRegistry.BuiltIn().Names;
        Assert.Equal(builtIns.Concat(["poison-scores", "strength-reduce"]).Order(StringComparer.Ordinal), r.Names.Order(StringComparer.Ordinal));
        var pass = r.Resolve(Spec("strength-reduce"), diags)!;
        var ctx = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(pass.GetType().Assembly)!;
        Assert.StartsWith("kernelc-plugin:", ctx.Name);
        var m = TestIr.CompileKc("kernel k(x: f32[N]) -> y: f32[N] { y[i] = 2 * x[i] }");
        var out_ = TestIr.Run(pass, m);
        var ops = out_.Module.Kernels[0].Body[0].Body!.Body.Select(i => i.Op).ToList();
        Assert.DoesNotContain(Opcode.Mul, ops);
        Assert.Equal(CertificateRule.Congruence, out_.Certificate.Rule);
        Assert.Equal(IrHash.Of(out_.Module), out_.Certificate.AfterHash);
        var dims = new Dictionary<string, long> { ["N"] = 5 };
        TestIr.AssertSameOutputs(m.Kernels[0], out_.Module.Kernels[0], dims, TestIr.RandomInputs(m.Kernels[0], dims, new Random(1)));
        // and the independent checker proves the plugin's step for all sizes
        var report = KernelC.Verifier.Checking.Checker.Check(m, out_.Module, out_.Certificate, KernelC.Verifier.Checking.CheckOptions.Default);
        Assert.True(report.Passed, report.Rejection ?? string.Join("; ", report.Obligations.Select(o => $"{o.Record.Name}: {o.Verdict}")));
    }

    [Fact]
    public void Loading_the_same_plugin_twice_clashes()
    {
        var r = PassRegistry.BuiltIn();
        var diags = new DiagnosticBag();
        Assert.True(r.LoadPlugin(StrengthReduceDll(), diags));
        Assert.False(r.LoadPlugin(StrengthReduceDll(), diags));
        Assert.Equal("KC0513,KC0513", Ids(diags)); // one clash per pass of the plugin
        Assert.Equal(PassRegistry.BuiltIn().Names.Count + 2, r.Names.Count); // the plugin's two passes, once
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_KC0510()
    {
        var diags = new DiagnosticBag();
        var r = PassRegistry.BuiltIn();
        Assert.False(r.LoadPlugin(Path.Combine(_dir, "nope.dll"), diags));
        Directory.CreateDirectory(_dir);
        Assert.False(r.LoadPlugin(_dir, diags));
        Assert.Equal("KC0510,KC0510", Ids(diags));
        Assert.Equal(Path.Combine(_dir, "nope.dll"), diags.Items[0].File);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_KC0511()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "text.dll");
        File.WriteAllText(path, "this is not a PE file");
        var diags = new DiagnosticBag();
        Assert.False(PassRegistry.BuiltIn().LoadPlugin(path, diags));
        Assert.Equal("KC0511", Ids(diags));
    }

    [Fact]
    public void An_assembly_without_passes_is_KC0512()
    {
        var path = PluginAssemblies.Write(_dir, "NoPasses", new PluginClass("P.Helper", "helper", IsPass: false));
        var diags = new DiagnosticBag();
        Assert.False(PassRegistry.BuiltIn().LoadPlugin(path, diags));
        Assert.Equal("KC0512", Ids(diags));
    }

    [Fact]
    public void A_name_clashing_with_a_built_in_is_KC0513_and_the_good_sibling_still_registers()
    {
        var path = PluginAssemblies.Write(_dir, "Clash", new PluginClass("P.Fake", "fuse"), new PluginClass("P.Good", "good-one"));
        var r = PassRegistry.BuiltIn();
        var diags = new DiagnosticBag();
        Assert.False(r.LoadPlugin(path, diags));
        Assert.Equal("KC0513", Ids(diags));
        Assert.Contains("built-in", diags.Items[0].Message);
        Assert.Equal(path, diags.Items[0].File);
        Assert.Equal([.. PassRegistry.BuiltIn().Names, "good-one"], r.Names);
        Assert.IsType<Fusion.FusePass>(r.Resolve(Spec("fuse"), diags));
    }

    [Fact]
    public void A_throwing_constructor_is_KC0514()
    {
        var path = PluginAssemblies.Write(_dir, "Throws", new PluginClass("P.Bad", "bad", CtorThrows: true));
        var diags = new DiagnosticBag();
        Assert.False(PassRegistry.BuiltIn().LoadPlugin(path, diags));
        Assert.Equal("KC0514", Ids(diags));
        Assert.Contains("failed on purpose", diags.Items[0].Message);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("9lives")]
    public void A_name_that_is_not_a_pipeline_name_is_KC0515(string name)
    {
        var path = PluginAssemblies.Write(_dir, "BadName", new PluginClass("P.Bad", name));
        var diags = new DiagnosticBag();
        Assert.False(PassRegistry.BuiltIn().LoadPlugin(path, diags));
        Assert.Equal("KC0515", Ids(diags));
    }

    [Fact]
    public void Generated_plugins_with_good_names_load()
    {
        var path = PluginAssemblies.Write(_dir, "Good", new PluginClass("P.A", "my_pass-2"));
        var r = PassRegistry.BuiltIn();
        var diags = new DiagnosticBag();
        Assert.True(r.LoadPlugin(path, diags), Ids(diags));
        Assert.NotNull(r.Resolve(Spec("my_pass-2"), diags));
        Assert.Empty(diags.Items);
    }
}
