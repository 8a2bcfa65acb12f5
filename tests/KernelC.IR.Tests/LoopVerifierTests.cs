namespace KernelC.IR.Tests;

/// <summary>One deliberately broken loop-level kernel per rule (tile shape, steps, for arity and types, bound, scope
/// of loop index, carried params and local tensors, placement of parallel and for). Each is rejected with a message
/// naming the kernel and the value. The unbroken template is valid and round-trips.</summary>
public class LoopVerifierTests
{
    private const string Template = """
        kernel @k(%x: f32[N]) -> (y: f32[N])
            dims N
            where N % 4 == 0 {
          %y: f32[N] = parallel [%ib < N step 4] {
            %four: index = const 4
            %fz: f32 = const 0
            %init: f32[4] = compute [%r < 4] {
              %z: f32 = const 0
              yield %z
            }
            %acc: f32[4], %cnt: index = for %kb < %four step 1 carry (%a0 = %init, %c0 = %four) {
              %a1: f32[4] = compute [%r1 < 4] {
                %old: f32 = load %a0[%r1]
                %i: index = add %ib, %r1
                %xe: f32 = load %x[%i]
                %sum: f32 = add %old, %xe
                yield %sum
              }
              %c1: index = add %c0, %kb
              next %a1, %c1
            }
            yield %acc
          }
          return %y
        }

        """;

    private static Kernel Valid() => TestIr.ParseKernel(Template);

    [Fact]
    public void TemplateIsValidAndRoundTrips()
    {
        var k = Valid();
        Assert.Empty(IrVerifier.Verify(k));
        Assert.Equal(Template.Replace("\r\n", "\n"), IrPrinter.Print(k));
        var y = Interpreter.Run(k, new Dictionary<string, long> { ["N"] = 8 },
            new Dictionary<string, Tensor> { ["x"] = TestIr.Tensor(DType.F32, [8], i => i) }).Outputs!["y"];
        Assert.Equal(Enumerable.Range(0, 8).Select(i => 4.0 * i), y.Data); // four iterations each add x[i]
    }

    /// <summary>The text with one edit must fail to parse with a diagnostic containing the fragment and @k.</summary>
    private static void TextRejects(string from, string to, string fragment)
    {
        Assert.Contains(from, Template);
        var (m, diags) = TestIr.ParseWithErrors(Template.Replace(from, to));
        Assert.Null(m);
        Assert.True(diags.Any(d => d.Message.Contains(fragment) && d.Message.Contains("@k")), string.Join("\n", diags.Select(d => d.Format())));
    }

    private static void Rejects(Kernel k, string fragment)
    {
        var msgs = IrVerifier.Verify(k);
        Assert.True(msgs.Any(m => m.Contains(fragment) && m.Contains("kernel @k")), string.Join("\n", msgs));
    }

    [Fact] public void TileShapeMustBeTheSteps() =>
        TextRejects("[%ib < N step 4]", "[%ib < N step 8]", "%y: the tile %acc of parallel has type f32[4]; its shape must be the steps: f32[8]");

    [Fact] public void ParallelIndexNeedsAStep() => TextRejects("[%ib < N step 4]", "[%ib < N]", "%ib: index variable of parallel %y needs a step");

    [Fact] public void ComputeIndexHasNoStep() => TextRejects("compute [%r < 4]", "compute [%r < 4 step 2]", "%r: index variable of compute %init has a step");

    [Fact] public void StepIsPositive() => TextRejects("[%ib < N step 4]", "[%ib < N step 0]", "%ib: step 0 is not positive");

    [Fact] public void NextArity() => TextRejects("next %a1, %c1", "next %a1", "%acc: next gives 1 values for 2 carried values");

    [Fact] public void NextType() => TextRejects("next %a1, %c1", "next %a1, %a1", "%a1: next value for carried %c0 has type f32[4], not index");

    [Fact] public void InitType() => TextRejects("%c0 = %four", "%c0 = %fz", "%c0: carried value initialised with %fz: f32, but it is index");

    [Fact] public void BoundIsIndex() => TextRejects("for %kb < %four", "for %kb < %fz", "%fz: the bound of for %acc is f32, not index");

    [Fact] public void LocalLoadRank() => TextRejects("load %a0[%r1]", "load %a0[%r1, %r1]", "load from %a0 of rank 1 with 2 indices");

    [Fact] public void TileMustBeATensor() => TextRejects("yield %acc\n  }", "yield %fz\n  }", "the tile %fz of parallel has type f32");

    [Fact]
    public void CarriedParamUsedAfterTheLoop()
    {
        var k = Valid();
        var p = k.Body[0];
        var a0 = p.Body!.Body.Single(i => i.Op == Opcode.For).Loop!.Carried[0];
        Rejects(k with { Body = EqArray.Of(p with { Body = p.Body with { Yield = a0 } }) },
            "%a0: used by the yield of %y but not defined before it in this region or an enclosing one");
        // and the text form: the parser refuses the name outside the loop
        var (m, diags) = TestIr.ParseWithErrors(Template.Replace("yield %acc\n  }", "yield %a0\n  }"));
        Assert.Null(m);
        Assert.Contains(diags, d => d.Id == IrDiagnosticIds.UndefinedValue && d.Message.Contains("%a0"));
    }

    [Fact]
    public void LoopIndexUsedAfterTheLoop()
    {
        var k = Valid();
        var p = k.Body[0];
        var f = p.Body!.Body.Single(i => i.Op == Opcode.For);
        var use = new Instr(new Value("late", ValueType.Scalar(DType.Index)), Opcode.Add, EqArray.Of(f.Loop!.Index, f.Loop.Index), InstrAttrs.None);
        Rejects(k with { Body = EqArray.Of(p with { Body = p.Body with { Body = p.Body.Body.Add(use) } }) },
            "%kb: used by %late but not defined before it");
    }

    [Fact]
    public void LocalTensorUsedOutOfItsRegion()
    {
        var k = Valid();
        var init = k.Body[0].Body!.Body.Single(i => i.Result.Name == "init").Result;
        var j = new Value("j", ValueType.Scalar(DType.Index));
        var e = new Value("e", ValueType.Scalar(DType.F32));
        var outside = new Instr(new Value("w", ValueType.Tensor(DType.F32, Dim.Of("N"))), Opcode.Compute, EqArray<Value>.Empty, InstrAttrs.None,
            new Region(EqArray.Of(new IndexVar(j, Dim.Of("N"))), EqArray.Of(Instr.Make(e, Opcode.Load, init, j)), e));
        Rejects(k with { Body = k.Body.Add(outside) }, "%init: used by %e but not defined before it");
    }

    [Fact]
    public void ForAndParallelPlacement()
    {
        var k = Valid();
        var p = k.Body[0];
        var f = p.Body!.Body.Single(i => i.Op == Opcode.For);
        Rejects(k with { Body = EqArray.Of(f) }, "%acc: the kernel's top level holds only compute and parallel, not for");
        var nested = p with { Result = new Value("inner", p.Result.Type), Body = p.Body with { Indices = p.Body.Indices.Map(iv => iv with { Var = new Value("ib2", iv.Var.Type) }) } };
        var f2 = f.Loop!;
        var withParallel = p with { Body = p.Body with { Body = p.Body.Body.Add(nested) } };
        Rejects(k with { Body = EqArray.Of(withParallel) }, "%inner: parallel is only allowed at the kernel's top level");
        Assert.NotNull(f2);
    }

    [Fact]
    public void ForResultsMatchCarriedValues()
    {
        var k = Valid();
        var p = k.Body[0];
        var f = p.Body!.Body.Single(i => i.Op == Opcode.For);
        Instr Replace(Instr nf) => p with { Body = p.Body with { Body = p.Body.Body.Map(i => i.Op == Opcode.For ? nf : i) } };
        Rejects(k with { Body = EqArray.Of(Replace(f with { MoreResults = EqArray<Value>.Empty })) }, "%acc: for has 2 carried values, 2 inits and 1 results");
        var badResult = f with { MoreResults = EqArray.Of(new Value("cnt", ValueType.Scalar(DType.F32))) };
        Rejects(k with { Body = EqArray.Of(Replace(badResult)) }, "%cnt: result of for has type f32 but its carried value %c0 is index");
        Rejects(k with { Body = EqArray.Of(Replace(f with { Loop = f.Loop! with { Step = 0 } })) }, "%acc: for step 0 is not positive");
        var add = p.Body.Body.First();
        Rejects(k with { Body = EqArray.Of(Replace(f) with { Body = p.Body with { Body = p.Body.Body.SetItem(0, add with { MoreResults = EqArray.Of(f.Result) }) } }) },
            "%four: const has several results or a loop body");
    }

    [Fact]
    public void ParallelResultType()
    {
        var k = Valid();
        var p = k.Body[0];
        var wrong = new Value("y", ValueType.Tensor(DType.F32, Dim.Of(4)));
        Rejects(k with { Body = EqArray.Of(p with { Result = wrong }), Returns = EqArray.Of(wrong) }, "%y: parallel result type must be f32[N], found f32[4]");
    }

    [Fact]
    public void ForSyntaxErrors()
    {
        foreach (var (from, to, id) in new[]
        {
            ("carry (%a0 = %init, %c0 = %four)", "carry (%a0 = %init)", IrDiagnosticIds.Syntax),   // one carried value per result
            ("step 1 carry", "step 0 carry", IrDiagnosticIds.Syntax),
            ("%y: f32[N] = parallel", "%y: f32[N], %y2: f32[N] = parallel", IrDiagnosticIds.Syntax),
        })
        {
            var (m, diags) = TestIr.ParseWithErrors(Template.Replace(from, to));
            Assert.Null(m);
            Assert.Contains(diags, d => d.Id == id);
        }
    }
}
