namespace KernelC.IR;

/// <summary>Kernel, constraint, instruction and region productions of the IR parser (grammar in docs/ir.md).</summary>
internal sealed partial class IrParserState
{
    private (Kernel, SourceSpan) ParseKernel()
    {
        _scope.Clear();
        _frames.Clear();
        _defSpans = new();
        _depth = 0;
        ExpectWord("kernel");
        var nameTok = ExpectKind(IrTokenKind.Global, "a kernel name (@name)");
        PushFrame();
        var parms = new List<Value>();
        Expect("(");
        if (!Cur.Is(")"))
            do
            {
                var t = ExpectKind(IrTokenKind.Value, "a parameter (%name)");
                Expect(":");
                var p = new Value(t.Text, ParseType());
                parms.Add(p);
                Define(p, t);
            } while (Accept(","));
        Expect(")");
        Expect("->");
        Expect("(");
        var outputs = new List<Value>();
        if (!Cur.Is(")"))
            do
            {
                var t = ExpectKind(IrTokenKind.Ident, "an output name");
                Expect(":");
                outputs.Add(new Value(t.Text, ParseType()));
            } while (Accept(","));
        Expect(")");
        var dims = new List<string>();
        if (Cur.IsWord("dims"))
        {
            Next();
            do dims.Add(ExpectKind(IrTokenKind.Ident, "a dimension name").Text); while (Accept(","));
        }
        var constraints = new List<DimConstraint>();
        if (Cur.IsWord("where"))
        {
            Next();
            do constraints.Add(ParseConstraint()); while (Accept(","));
        }
        Expect("{");
        var body = new List<Instr>();
        while (!Cur.IsWord("return")) body.Add(ParseInstr());
        Next();
        var returns = new List<Value>();
        if (Cur.Kind == IrTokenKind.Value)
            do returns.Add(UseValue()); while (Accept(","));
        Expect("}");
        PopFrame();
        var k = new Kernel(nameTok.Text, dims.ToEqArray(), constraints.ToEqArray(), parms.ToEqArray(),
            outputs.ToEqArray(), body.ToEqArray(), returns.ToEqArray());
        return (k, Span(nameTok));
    }

    /// <summary>D in {64, 128} | N % 64 == 0 | N &gt;= 1 | N &lt;= 4096.</summary>
    private DimConstraint ParseConstraint()
    {
        var d = ExpectKind(IrTokenKind.Ident, "a dimension name").Text;
        if (Cur.IsWord("in"))
        {
            Next();
            Expect("{");
            var values = new List<long>();
            do values.Add(ParseInteger(true)); while (Accept(","));
            Expect("}");
            return new DimConstraint(d, DimConstraintKind.InSet, values.ToEqArray());
        }
        if (Accept("%"))
        {
            long m = ParseInteger(false);
            Expect("==");
            var zero = Cur;
            if (ParseInteger(false) != 0) throw Fail(IrDiagnosticIds.Syntax, zero, "a divisibility constraint reads 'N % m == 0'");
            return new DimConstraint(d, DimConstraintKind.DivisibleBy, EqArray.Of(m));
        }
        if (Accept(">=")) return new DimConstraint(d, DimConstraintKind.AtLeast, EqArray.Of(ParseInteger(true)));
        if (Accept("<=")) return new DimConstraint(d, DimConstraintKind.AtMost, EqArray.Of(ParseInteger(true)));
        throw Expected("'in', '%', '>=' or '<='");
    }

    private Instr ParseInstr()
    {
        var nameTok = ExpectKind(IrTokenKind.Value, "an instruction (%name: type = op ...)");
        Expect(":");
        var type = ParseType();
        // only for has several results: %a: t, %b: u = for ...
        var more = new List<(IrToken Tok, ValueType Type)>();
        while (Accept(","))
        {
            var t = ExpectKind(IrTokenKind.Value, "a result (%name: type)");
            Expect(":");
            more.Add((t, ParseType()));
        }
        Expect("=");
        var opTok = ExpectKind(IrTokenKind.Ident, "an opcode");
        if (opTok.IsWord("for")) return ParseFor(nameTok, type, more, opTok);
        if (more.Count > 0) throw Fail(IrDiagnosticIds.Syntax, more[0].Tok, "only for has more than one result");
        int dot = opTok.Text.IndexOf('.');
        string head = dot < 0 ? opTok.Text : opTok.Text[..dot];
        string? attr = dot < 0 ? null : opTok.Text[(dot + 1)..];
        if (!Opcodes.TryParse(head, out Opcode op)) throw Fail(IrDiagnosticIds.UnknownOp, opTok, $"unknown opcode '{head}'");
        bool takesAttr = op is Opcode.Cast or Opcode.Cmp or Opcode.Reduce;
        if (takesAttr != (attr is not null))
            throw Fail(IrDiagnosticIds.UnknownOp, opTok, takesAttr
                ? $"{head} needs an attribute ({AttrChoices(op)})" : $"{head} takes no attribute");
        var attrs = InstrAttrs.None;
        if (op == Opcode.Cast)
            attrs = RoundingModes.TryParse(attr!, out var m) ? InstrAttrs.Cast(m) : throw BadAttr(opTok, op, attr!);
        else if (op == Opcode.Cmp)
            attrs = Opcodes.TryParse(attr!, out CmpPred p) ? InstrAttrs.Cmp(p) : throw BadAttr(opTok, op, attr!);
        else if (op == Opcode.Reduce)
            attrs = Opcodes.TryParse(attr!, out ReduceKind rk) ? InstrAttrs.Reduce(rk) : throw BadAttr(opTok, op, attr!);

        var args = new List<Value>();
        Region? region = null;
        switch (op)
        {
            case Opcode.Compute or Opcode.Reduce or Opcode.Parallel:
                region = ParseRegion(opTok);
                break;
            case Opcode.Const:
                attrs = InstrAttrs.Const(ParseConstNumber());
                break;
            case Opcode.DimValue:
                attrs = InstrAttrs.Dim(ExpectKind(IrTokenKind.Ident, "a dimension name").Text);
                break;
            case Opcode.Load:
                args.Add(UseValue());
                Expect("[");
                if (!Cur.Is("]"))
                    do args.Add(UseValue()); while (Accept(","));
                Expect("]");
                break;
            default:
                // operand count is the op's arity, so an instruction ends without a terminator
                int n = op == Opcode.Select ? 3 : op == Opcode.Cmp || op.IsBinary() ? 2 : 1;
                for (int k = 0; k < n; k++)
                {
                    if (k > 0) Expect(",");
                    args.Add(UseValue());
                }
                break;
        }
        var result = new Value(nameTok.Text, type);
        Define(result, nameTok);
        return new Instr(result, op, args.ToEqArray(), attrs, region);
    }

    private static string AttrChoices(Opcode op) => op switch
    {
        Opcode.Cast => string.Join(", ", Enum.GetValues<RoundingMode>().Select(m => m.Suffix())),
        Opcode.Cmp => string.Join(", ", Enum.GetValues<CmpPred>().Select(p => p.Name())),
        _ => string.Join(", ", Enum.GetValues<ReduceKind>().Select(k => k.Name())),
    };

    private Exception BadAttr(IrToken at, Opcode op, string attr) =>
        Fail(IrDiagnosticIds.UnknownOp, at, $"unknown attribute '{attr}' of {op.Mnemonic()} (one of {AttrChoices(op)})");

    /// <summary>'[' %i &lt; extent, ... ']' '{' instr* 'yield' %v '}' — index variables are visible inside only.</summary>
    private Region ParseRegion(IrToken opTok)
    {
        if (++_depth > MaxDepth) throw Fail(IrDiagnosticIds.NestingTooDeep, opTok, $"regions nested more than {MaxDepth} deep");
        PushFrame();
        Expect("[");
        var indices = new List<IndexVar>();
        if (!Cur.Is("]"))
            do
            {
                var t = ExpectKind(IrTokenKind.Value, "an index variable (%name)");
                Expect("<");
                var extent = ParseDim();
                Dim? step = null;
                if (Cur.IsWord("step"))
                {
                    Next();
                    step = ParseDim();
                }
                var iv = new IndexVar(new Value(t.Text, ValueType.Scalar(DType.Index)), extent, step);
                indices.Add(iv);
                Define(iv.Var, t);
            } while (Accept(","));
        Expect("]");
        Expect("{");
        var body = new List<Instr>();
        while (!Cur.IsWord("yield")) body.Add(ParseInstr());
        Next();
        var y = UseValue();
        Expect("}");
        PopFrame();
        _depth--;
        return new Region(indices.ToEqArray(), body.ToEqArray(), y);
    }

    /// <summary>for %kb &lt; %bound step 64 carry (%c0 = %init0, ...) '{' instr* 'next' %v, ... '}' — one carried value
    /// per result, each carried param typed as its result; the loop index and carried params are visible inside only.</summary>
    private Instr ParseFor(IrToken firstTok, ValueType firstType, List<(IrToken Tok, ValueType Type)> more, IrToken opTok)
    {
        var results = new List<(IrToken Tok, ValueType Type)> { (firstTok, firstType) };
        results.AddRange(more);
        if (++_depth > MaxDepth) throw Fail(IrDiagnosticIds.NestingTooDeep, opTok, $"regions nested more than {MaxDepth} deep");
        var indexTok = ExpectKind(IrTokenKind.Value, "the loop index (%name)");
        Expect("<");
        var bound = UseValue();
        ExpectWord("step");
        var stepTok = Cur;
        long step = ParseInteger(false);
        if (step <= 0) throw Fail(IrDiagnosticIds.Syntax, stepTok, "a for step is a positive integer");
        ExpectWord("carry");
        Expect("(");
        var carriedToks = new List<IrToken>();
        var inits = new List<Value>();
        if (!Cur.Is(")"))
            do
            {
                carriedToks.Add(ExpectKind(IrTokenKind.Value, "a carried value (%name = %init)"));
                Expect("=");
                inits.Add(UseValue());
            } while (Accept(","));
        Expect(")");
        if (carriedToks.Count != results.Count)
            throw Fail(IrDiagnosticIds.Syntax, opTok, $"for with {results.Count} results carries {carriedToks.Count} values: one per result");
        PushFrame();
        var index = new Value(indexTok.Text, ValueType.Scalar(DType.Index));
        Define(index, indexTok);
        var carried = new List<Value>();
        for (int k = 0; k < carriedToks.Count; k++)
        {
            var c = new Value(carriedToks[k].Text, results[k].Type);
            carried.Add(c);
            Define(c, carriedToks[k]);
        }
        Expect("{");
        var body = new List<Instr>();
        while (!Cur.IsWord("next")) body.Add(ParseInstr());
        Next();
        var next = new List<Value>();
        do next.Add(UseValue()); while (Accept(","));
        Expect("}");
        PopFrame();
        _depth--;
        var values = results.Select(r => new Value(r.Tok.Text, r.Type)).ToList();
        for (int k = 0; k < values.Count; k++) Define(values[k], results[k].Tok);
        var loop = new LoopBody(index, step, carried.ToEqArray(), body.ToEqArray(), next.ToEqArray());
        return new Instr(values[0], Opcode.For, inits.Prepend(bound).ToEqArray(), InstrAttrs.None, null,
            values.Skip(1).ToEqArray(), loop);
    }
}
