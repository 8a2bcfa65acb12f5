using KernelC.Backend.Ptx.Emit;
using KernelC.Backend.Ptx.Program;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Tests.Emit;

/// <summary>IR inputs of the emitter tests: the final IR of every committed example bundle (proofs/NAME/ir, the
/// highest-numbered stage) and small hand-written kernels.</summary>
public static class EmitTestData
{
    /// <summary>The nearest folder above the test binaries holding KernelC.sln (source paths are not usable: CI
    /// builds map them to /_/ for deterministic binaries).</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelC.sln"))) return dir.FullName;
        throw new InvalidOperationException("KernelC.sln not found above " + AppContext.BaseDirectory);
    }

    public static string TestsDir => Path.Combine(RepoRoot(), "tests", "KernelC.Backend.Ptx.Tests");

    public static string GoldenDir() => Path.Combine(TestsDir, "Emit", "Golden");

    /// <summary>Example names with a committed bundle.</summary>
    public static IEnumerable<object[]> Examples() =>
        Directory.GetDirectories(Path.Combine(RepoRoot(), "proofs")).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    /// <summary>The example's IR after `fuse` only (tensor level: one launch per compute), whatever its schedule.</summary>
    public static Kernel FusedIr(string example)
    {
        var file = Path.Combine(RepoRoot(), "proofs", example, "ir", "1-fuse.kcir");
        return Parse(File.ReadAllText(file), file);
    }

    public static Kernel FinalIr(string example)
    {
        var dir = Path.Combine(RepoRoot(), "proofs", example, "ir");
        var last = Directory.GetFiles(dir, "*.kcir").Order(StringComparer.Ordinal).Last();
        return Parse(File.ReadAllText(last), last);
    }

    public static Kernel Parse(string text, string file = "test.kcir")
    {
        var diags = new DiagnosticBag();
        var m = IrParser.Parse(new SourceText(file, text), diags);
        Assert.True(m is not null && !diags.HasErrors, string.Join("\n", diags.Items.Select(d => d.Format())));
        return Assert.Single(m!.Kernels);
    }

    public static PtxProgram EmitOk(Kernel k, PtxTarget? target = null)
    {
        var diags = new DiagnosticBag();
        var p = PtxEmitter.Emit(k, target ?? PtxTarget.Default, diags);
        Assert.True(p is not null && diags.Count == 0, string.Join("\n", diags.Items.Select(d => d.Format())));
        return p!;
    }

    public const string Elementwise = """
        kernel @axpb(%x: f32[N], %y: f32[N]) -> (z: f32[N])
            dims N {
          %z: f32[N] = compute [%i < N] {
            %0: f32 = load %x[%i]
            %1: f32 = const 2
            %2: f32 = mul %0, %1
            %3: f32 = load %y[%i]
            %4: f32 = add %2, %3
            yield %4
          }
          return %z
        }
        """;

    public const string RowSum = """
        kernel @rowsum(%x: f32[R, C]) -> (s: f32[R])
            dims R, C {
          %s: f32[R] = compute [%r < R] {
            %0: f32 = reduce.sum [%c < C] {
              %1: f32 = load %x[%r, %c]
              yield %1
            }
            yield %0
          }
          return %s
        }
        """;
}
