namespace KernelC.IR.Tests;

/// <summary>One deliberately broken kernel per verifier rule; each must be rejected with a message naming the
/// kernel (and the value where there is one). The unbroken template passes.</summary>
public class VerifierTests
{
    private static readonly Dim N = Dim.Of("N");
    private static Value S(string n, DType t) => new(n, ValueType.Scalar(t));
    private static Value T(string n, DType t, params Dim[] shape) => new(n, ValueType.Tensor(t, shape));
    private static Instr I(Value r, Opcode op, params Value[] args) => Instr.Make(r, op, args);
    private static Instr I(Value r, Opcode op, InstrAttrs a, params Value[] args) => new(r, op, EqArray.Of(args), a);

    private static readonly Value X = T("x", DType.F32, N);
    private static readonly Value Iv = S("i", DType.Index);
    private static readonly Value A = S("a", DType.F32);
    private static readonly Instr LoadA = I(A, Opcode.Load, X, Iv);

    /// <summary>kernel @k(%x: f32[N]) -> (y: f32[N]) dims N { %c = compute [%i &lt; N] { body; yield } return %c }</summary>
    private static Kernel Template(Value yield, params Instr[] body) => TemplateTyped(T("c", yield.DType, N), yield, body);

    private static Kernel TemplateTyped(Value result, Value yield, params Instr[] body)
    {
        var compute = new Instr(result, Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None,
            new Region(EqArray.Of(new IndexVar(Iv, N)), body.ToEqArray(), yield));
        return new Kernel("k", EqArray.Of("N"), EqArray<DimConstraint>.Empty, EqArray.Of(X),
            EqArray.Of(new Value("y", result.Type)), EqArray.Of(compute), EqArray.Of(result));
    }

    /// <param name="textToo">Also the printed text must fail to parse (false for breaks the text cannot express:
    /// the parser takes a use's type from its definition, and index variables are index by construction).</param>
    private static void Rejects(Kernel k, string fragment, bool textToo = true)
    {
        var msgs = IrVerifier.Verify(k);
        Assert.NotEmpty(msgs);
        Assert.True(msgs.Any(m => m.Contains(fragment) && m.Contains("@k")), string.Join("\n", msgs));
        if (textToo) Assert.Null(TestIr.ParseWithErrors(IrPrinter.Print(k)).Module);
    }

    [Fact]
    public void TemplateIsValid()
    {
        Assert.Empty(IrVerifier.Verify(Template(A, LoadA)));
        Assert.Empty(IrVerifier.Verify(TestIr.ParseValid(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "attention.kcir")))));
    }

    [Fact] public void SsaDefinedTwice() => Rejects(Template(A, LoadA, LoadA), "%a: defined more than once");
    [Fact] public void SsaIndexVarShadowsParam() => Rejects(Template(A, LoadA, I(S("x", DType.F32), Opcode.Neg, A)), "%x: defined more than once");
    [Fact] public void UseBeforeDefinition() => Rejects(Template(S("b", DType.F32), I(S("b", DType.F32), Opcode.Neg, A), LoadA), "%a: used by %b but not defined");

    [Fact]
    public void IndexVarInvisibleOutsideItsRegion()
    {
        var k = Template(A, LoadA);
        Rejects(k with { Returns = EqArray.Of(Iv) }, "%i: used by return");
    }

    [Fact]
    public void ReduceIndexVarInvisibleAfterTheReduce()
    {
        var j = S("j", DType.Index);
        var r = new Instr(S("r", DType.F32), Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(ReduceKind.Sum),
            new Region(EqArray.Of(new IndexVar(j, N)), EqArray.Of(I(A, Opcode.Load, X, j)), A));
        Rejects(Template(A, r), "%a: used by the yield of %c");
    }

    [Fact]
    public void ParallelOnlyAtTopLevel()
    {
        // a compute inside a region is a local tensor (valid); a parallel there is not
        var b = S("b", DType.F32);
        var inner = new Instr(T("c2", DType.F32, N), Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None,
            new Region(EqArray.Of(new IndexVar(S("j", DType.Index), N)), EqArray.Of(I(b, Opcode.Load, X, S("j", DType.Index))), b));
        Assert.Empty(IrVerifier.Verify(Template(A, LoadA, inner)));
        var par = new Instr(T("c2", DType.F32, N), Opcode.Parallel, EqArray<Value>.Empty, InstrAttrs.None,
            new Region(EqArray.Of(new IndexVar(S("j", DType.Index), N, N)), EqArray.Of(I(b, Opcode.Load, X, S("j", DType.Index))), b));
        Rejects(Template(A, LoadA, par), "%c2: parallel is only allowed at the kernel's top level");
    }

    [Fact]
    public void TopLevelOnlyCompute()
    {
        var k = Template(A, LoadA);
        Rejects(k with { Body = k.Body.Add(I(S("z", DType.F32), Opcode.Const, InstrAttrs.Const(1))) }, "%z: the kernel's top level holds only compute and parallel");
        var red = new Instr(S("r", DType.F32), Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(ReduceKind.Sum),
            new Region(EqArray<IndexVar>.Empty, EqArray<Instr>.Empty, A));
        Rejects(k with { Body = k.Body.Add(red) }, "%r: the kernel's top level holds only compute and parallel, not reduce");
    }

    [Fact] public void ComputeResultType() => Rejects(TemplateTyped(T("c", DType.F32, N, N), A, LoadA), "compute result type must be f32[N]");
    [Fact] public void ComputeResultDType() => Rejects(TemplateTyped(T("c", DType.F16, N), A, LoadA), "compute result type must be f32[N], found f16[N]");

    private static Instr Reduce(Value result, ReduceKind kind, Value yield, params Instr[] body) =>
        new(result, Opcode.Reduce, EqArray<Value>.Empty, InstrAttrs.Reduce(kind),
            new Region(EqArray.Of(new IndexVar(S("j", DType.Index), N)), body.ToEqArray(), yield));

    [Fact] public void ReduceResultType() => Rejects(Template(S("r", DType.F16), LoadA, Reduce(S("r", DType.F16), ReduceKind.Sum, A)), "reduce result must be f32");
    [Fact] public void ReduceOverBool()
    {
        var b = S("b", DType.Bool);
        Rejects(Template(A, LoadA, Reduce(S("r", DType.Bool), ReduceKind.Max, b, I(b, Opcode.Cmp, InstrAttrs.Cmp(CmpPred.Lt), A, A))), "reduce.max over bool");
    }

    [Fact]
    public void IndexVarMustBeIndex()
    {
        var k = Template(A, LoadA);
        var c = k.Body[0];
        var bad = c with { Body = c.Body! with { Indices = EqArray.Of(new IndexVar(S("i", DType.I32), N)) } };
        Rejects(k with { Body = EqArray.Of(bad) }, "%i: index variable has type i32", textToo: false);
    }

    [Fact] public void LoadFromNonTensor() => Rejects(Template(S("b", DType.F32), LoadA, I(S("b", DType.F32), Opcode.Load, A)), "which is not a tensor");
    [Fact] public void LoadRank() => Rejects(Template(A, I(A, Opcode.Load, X, Iv, Iv)), "of rank 1 with 2 indices");
    [Fact] public void LoadIndexType() => Rejects(Template(S("b", DType.F32), LoadA, I(S("b", DType.F32), Opcode.Load, X, A)), "load index %a is f32, not index");
    [Fact] public void LoadResultDType() => Rejects(Template(S("h", DType.F16), I(S("h", DType.F16), Opcode.Load, X, Iv)), "produces f32, not f16");

    [Fact] public void UndeclaredDimInShape() => Rejects(Template(A, LoadA) with { Params = EqArray.Of(X, T("w", DType.F32, Dim.Of("M"))) }, "dimension M is not declared");
    [Fact] public void UndeclaredDimInDimOp() => Rejects(Template(S("d", DType.Index), I(S("d", DType.Index), Opcode.DimValue, InstrAttrs.Dim("M"))), "dim M is not declared");

    [Fact]
    public void UndeclaredDimInExtent()
    {
        var k = Template(A, LoadA);
        var bad = k.Body[0] with { Body = k.Body[0].Body! with { Indices = EqArray.Of(new IndexVar(Iv, Dim.Of("M"))) } };
        Rejects(k with { Body = EqArray.Of(bad) }, "dimension M is not declared");
    }

    [Fact]
    public void UndeclaredDimInConstraint() =>
        Rejects(Template(A, LoadA) with { Constraints = EqArray.Of(new DimConstraint("M", DimConstraintKind.AtLeast, EqArray.Of(2L))) }, "constraint on undeclared dimension M");

    private static readonly Value B1 = S("b", DType.Bool);
    private static readonly Instr CmpB = I(B1, Opcode.Cmp, InstrAttrs.Cmp(CmpPred.Lt), A, A);

    [Fact] public void ArithmeticNotOnBool() => Rejects(Template(S("z", DType.Bool), LoadA, CmpB, I(S("z", DType.Bool), Opcode.Add, B1, B1)), "add on bool");
    [Fact] public void ArithmeticOperandsMatchResult() => Rejects(Template(S("z", DType.F32), LoadA, I(S("z", DType.F32), Opcode.Mul, A, Iv)), "mul operand %i is index but the result is f32");
    [Fact] public void DivOnlyOnFloat() => Rejects(Template(S("z", DType.Index), I(S("z", DType.Index), Opcode.Div, Iv, Iv)), "integer division does not exist");
    [Fact] public void TranscendentalOnlyOnFloat() => Rejects(Template(S("z", DType.Index), I(S("z", DType.Index), Opcode.Sqrt, Iv)), "transcendentals are float only");
    [Fact] public void CmpOperandsOneDType() => Rejects(Template(A, LoadA, I(B1, Opcode.Cmp, InstrAttrs.Cmp(CmpPred.Eq), A, Iv)), "operands must have one dtype");
    [Fact] public void CmpResultBool() => Rejects(Template(A, LoadA, I(S("z", DType.F32), Opcode.Cmp, InstrAttrs.Cmp(CmpPred.Eq), A, A)), "cmp produces bool");
    [Fact] public void SelectConditionBool() => Rejects(Template(S("z", DType.F32), LoadA, I(S("z", DType.F32), Opcode.Select, A, A, A)), "not bool");
    [Fact] public void SelectBranchesOneDType() => Rejects(Template(S("z", DType.F32), LoadA, CmpB, I(S("z", DType.F32), Opcode.Select, B1, A, Iv)), "must have one dtype");
    [Fact] public void LogicOnlyOnBool() => Rejects(Template(S("z", DType.F32), LoadA, I(S("z", DType.F32), Opcode.And, A, A)), "and produces bool");
    [Fact] public void CastNotFromBool() => Rejects(Template(S("z", DType.F32), LoadA, CmpB, I(S("z", DType.F32), Opcode.Cast, InstrAttrs.Cast(RoundingMode.NearestEven), B1)), "cast from bool");
    [Fact] public void CastNotToBool() => Rejects(Template(A, LoadA, I(S("z", DType.Bool), Opcode.Cast, A)), "cast to bool");
    [Fact] public void ConstRepresentableFloat() => Rejects(Template(S("z", DType.F32), I(S("z", DType.F32), Opcode.Const, InstrAttrs.Const(0.1))), "constant 0.1 is not representable in f32");
    [Fact] public void ConstRepresentableInteger() => Rejects(Template(S("z", DType.I8), I(S("z", DType.I8), Opcode.Const, InstrAttrs.Const(128))), "not representable in i8");
    [Fact] public void ConstRepresentableBool() => Rejects(Template(A, LoadA, I(S("z", DType.Bool), Opcode.Const, InstrAttrs.Const(2))), "not representable in bool");
    [Fact] public void ParamsStorable() => Rejects(Template(A, LoadA) with { Params = EqArray.Of(X, T("w", DType.Index, N)) }, "%w: parameter dtype index is not storable");

    [Fact]
    public void OutputsStorable()
    {
        var k = Template(B1, LoadA, CmpB);
        Rejects(k, "%y: output dtype bool is not storable");
    }

    [Fact] public void ReturnCountMatchesOutputs() => Rejects(Template(A, LoadA) with { Returns = EqArray<Value>.Empty }, "returns 0 values for 1 outputs");
    [Fact] public void ReturnTypeMatchesOutputExactly() => Rejects(Template(A, LoadA) with { Outputs = EqArray.Of(T("y", DType.F32, Dim.Of(4))) }, "f32[4] expected, found f32[N]");
    [Fact] public void YieldIsScalar() => Rejects(Template(X, LoadA), "a yield is scalar");
    [Fact] public void UseWithTheDefiningType() => Rejects(Template(S("z", DType.F32), LoadA, I(S("z", DType.F32), Opcode.Neg, S("a", DType.F16))), "with type f16 but defined with type f32", textToo: false);
    [Fact] public void Arity() => Rejects(Template(S("z", DType.F32), LoadA, I(S("z", DType.F32), Opcode.Add, A)), "add takes 2 operands, found 1");
    [Fact] public void ScalarOpsOnScalarsOnly() => Rejects(Template(S("z", DType.F32), LoadA, I(S("z", DType.F32), Opcode.Neg, X)), "is a tensor");
    [Fact] public void NamesAreLexical() => Rejects(Template(S("a b", DType.F32), I(S("a b", DType.F32), Opcode.Load, X, Iv)), "a value name is");

    [Fact]
    public void KernelNamesUnique()
    {
        var k = Template(A, LoadA);
        var msgs = IrVerifier.Verify(new Module(EqArray.Of(k, k)));
        Assert.Contains(msgs, m => m.Contains("@k") && m.Contains("already defined"));
        Assert.Empty(IrVerifier.Verify(new Module(EqArray.Of(k, k with { Name = "k2" }))));
    }
}
