namespace KernelC.IR.Tests;

/// <summary>User errors of the interpreter and of dimension inference are diagnostics (File = kernel name).</summary>
public class InterpreterDiagnosticsTests
{
    private const string Text = """
        kernel @k(%x: f32[N, D]) -> (y: f32[N, D])
            dims N, D
            where D in {2, 4}, N <= 100000 {
          %y: f32[N, D] = compute [%i < N, %j < D] {
            %v: f32 = load %x[%i, %j]
            yield %v
          }
          return %y
        }
        """;

    private static readonly Kernel K = TestIr.ParseKernel(Text);
    private static Tensor X(long n, long d, DType t = DType.F32) => TestIr.Tensor(t, [n, d], i => i);
    private static Dictionary<string, long> Dims(long n, long d) => new() { ["N"] = n, ["D"] = d };
    private static Dictionary<string, Tensor> In(Tensor x) => new() { ["x"] = x };

    private static Diagnostic Only(InterpretResult r, string id)
    {
        Assert.Null(r.Outputs);
        Assert.True(r.Diagnostics.Count == 1 && r.Diagnostics[0].Id == id, string.Join("\n", r.Diagnostics));
        Assert.Equal("k", r.Diagnostics[0].File);
        return r.Diagnostics[0];
    }

    [Fact]
    public void ValidRunCopiesInput() => Assert.Equal(X(3, 2).Data, Interpreter.Run(K, Dims(3, 2), In(X(3, 2))).Outputs!["y"].Data);

    [Fact]
    public void MissingDim() => Assert.Contains("no value for dimension D",
        Only(Interpreter.Run(K, new Dictionary<string, long> { ["N"] = 3 }, In(X(3, 2))), "KC0320").Message);

    [Fact]
    public void UnknownDim()
    {
        var dims = Dims(3, 2);
        dims["Q"] = 1;
        Assert.Contains("no dimension Q", Only(Interpreter.Run(K, dims, In(X(3, 2))), "KC0321").Message);
    }

    [Fact]
    public void ConstraintViolated() => Assert.Contains("D = 3 violates the constraint D in {2, 4}",
        Only(Interpreter.Run(K, Dims(3, 3), In(X(3, 3))), "KC0322").Message);

    [Fact]
    public void DimBelowOne() => Only(Interpreter.Run(K, Dims(0, 2), In(X(0, 2))), "KC0323");

    [Fact]
    public void MissingInput() => Assert.Contains("%x", Only(Interpreter.Run(K, Dims(3, 2), new Dictionary<string, Tensor>()), "KC0324").Message);

    [Fact]
    public void UnexpectedInput()
    {
        var inputs = In(X(3, 2));
        inputs["w"] = X(1, 1);
        Assert.Contains("%w", Only(Interpreter.Run(K, Dims(3, 2), inputs), "KC0325").Message);
    }

    [Fact]
    public void InputDType() => Assert.Contains("is f16", Only(Interpreter.Run(K, Dims(3, 2), In(X(3, 2, DType.F16))), "KC0326").Message);

    [Fact]
    public void InputShapeNamesTheAxisAndValues()
    {
        var m = Only(Interpreter.Run(K, Dims(3, 2), In(X(3, 4))), "KC0327").Message;
        Assert.Contains("axis 1 (D) must be 2 but the tensor's is 4", m);
    }

    [Fact]
    public void InputRank() => Only(Interpreter.Run(K, Dims(3, 2), In(TestIr.Tensor(DType.F32, [6], i => i))), "KC0327");

    [Fact]
    public void TooLargeIsRefusedBeforeAllocating()
    {
        var k = TestIr.ParseKernel(Text.Replace(", N <= 100000", "").Replace("f32[N, D] = compute [%i < N, %j < D]", "f32[N, N, D] = compute [%i < N, %i2 < N, %j < D]")
            .Replace("-> (y: f32[N, D])", "-> (y: f32[N, N, D])"));
        Only(Interpreter.Run(k, Dims(1L << 20, 4), In(TestIr.Tensor(DType.F32, [1L << 20, 4], _ => 0))), "KC0328");
    }

    [Fact]
    public void LoadOutOfBounds()
    {
        var k = TestIr.ParseKernel(Text.Replace("%v: f32 = load %x[%i, %j]", "%one: index = const 1\n    %ip: index = add %i, %one\n    %v: f32 = load %x[%ip, %j]"));
        Assert.Contains("outside its shape", Only(Interpreter.Run(k, Dims(3, 2), In(X(3, 2))), "KC0331").Message);
    }

    [Fact]
    public void InvalidKernelIsADiagnostic()
    {
        var bad = K with { Returns = EqArray<Value>.Empty };
        Only(Interpreter.Run(bad, Dims(3, 2), In(X(3, 2))), "KC0330");
    }

    [Fact]
    public void DimInferenceFillsFromShapes()
    {
        var diags = new DiagnosticBag();
        var dims = DimInference.Infer(K, new Dictionary<string, long> { ["D"] = 4 }, In(X(7, 4)), diags);
        Assert.Empty(diags.Items);
        Assert.Equal(7, dims!["N"]);
        Assert.Equal(4, dims["D"]);
    }

    [Fact]
    public void DimInferenceConflictNamesBothSources()
    {
        var diags = new DiagnosticBag();
        Assert.Null(DimInference.Infer(K, new Dictionary<string, long> { ["D"] = 2 }, In(X(7, 4)), diags));
        var d = Assert.Single(diags.Items);
        Assert.Equal("KC0329", d.Id);
        Assert.Contains("dimension D is 2 from the given dimension values but 4 from input %x axis 1", d.Message);
        var two = TestIr.ParseKernel(Text.Replace("(%x: f32[N, D])", "(%x: f32[N, D], %w: f32[D])"));
        var diags2 = new DiagnosticBag();
        Assert.Null(DimInference.Infer(two, new Dictionary<string, long>(), new Dictionary<string, Tensor> { ["x"] = X(7, 4), ["w"] = TestIr.Tensor(DType.F32, [2], i => i) }, diags2));
        Assert.Contains("from input %x axis 1 but 2 from input %w axis 0", Assert.Single(diags2.Items).Message);
    }
}
