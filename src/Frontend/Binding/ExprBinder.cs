using KernelC.Frontend.Syntax;
using KernelC.IR;
using static KernelC.Frontend.DiagnosticIds;

namespace KernelC.Frontend.Binding;

/// <summary>Types one expression. <c>expected</c> is the dtype the context requires, used only to give untyped
/// constants (literals, dimension names) a dtype: a constant next to a typed operand takes that operand's dtype;
/// a constant with no typed neighbour takes the expected dtype; with none, it is an error (KC0223) asking for a
/// cast. There are no other implicit conversions.</summary>
internal sealed class ExprBinder(BodyScope scope, DiagnosticBag diags)
{
    private static readonly Dictionary<string, Opcode> Unary = new()
    {
        ["exp"] = Opcode.Exp, ["log"] = Opcode.Log, ["sqrt"] = Opcode.Sqrt, ["rsqrt"] = Opcode.Rsqrt,
        ["tanh"] = Opcode.Tanh, ["erf"] = Opcode.Erf, ["abs"] = Opcode.Abs,
    };

    private static readonly string[] KnownFunctions =
        { "exp", "log", "sqrt", "rsqrt", "tanh", "erf", "gelu", "abs", "max", "min", "where", "f64", "f32", "f16", "bf16", "i8", "i32" };

    private static readonly BoundError Error = new();

    private bool IsConst(ExprSyntax e) => ConstantExprs.IsConstant(e, scope);

    /// <summary>Binds <paramref name="e"/>; <paramref name="mode"/> rounds literals converted inside a cast.</summary>
    public BoundExpr Bind(ExprSyntax e, DType? expected, RoundingMode mode = RoundingMode.NearestEven)
    {
        if (IsConst(e))
        {
            if (expected is null)
            {
                diags.Error(UntypedConstant, e.Span, $"the constant expression '{Text(e)}' has no dtype here: convert it explicitly, e.g. f32({Text(e)})");
                return Error;
            }
            if (expected == DType.Bool)
            {
                diags.Error(NumberWhereBoolNeeded, e.Span, $"'{Text(e)}' is a number, but a condition is needed here (e.g. a comparison)");
                return Error;
            }
        }
        return e switch
        {
            NumberSyntax n => Number(n, expected!.Value, mode),
            NameSyntax n => Name(n, expected, mode),
            AccessSyntax a => Access(a),
            UnarySyntax u => UnaryExpr(u, expected, mode),
            BinarySyntax b => b.Op.IsLogical() ? Logical(b) : b.Op.IsComparison() ? Compare(b) : Arithmetic(b, expected, mode),
            CallSyntax c => Call(c, expected, mode),
            ReduceSyntax r => Reduce(r, expected),
            _ => throw new InvalidOperationException($"unknown expression {e.GetType().Name}"),
        };
    }

    private static string Text(ExprSyntax e) => e.Span.Source.Text.Substring(e.Span.Start, e.Span.Length);

    private BoundExpr Number(NumberSyntax n, DType t, RoundingMode mode)
    {
        if (t.IsFloat())
        {
            var v = FloatFormat.Round(n.Value, t, mode);
            if (double.IsInfinity(v) && !double.IsInfinity(n.Value))
            {
                diags.Error(LiteralNotRepresentable, n.Span, $"{n.Text} overflows {t.Name()} (largest finite value {FloatFormat.MaxFinite(t)})");
                return Error;
            }
            return new BoundConst(v, t);
        }
        var (min, max) = OpSemantics.IntRange(t);
        if (!double.IsFinite(n.Value) || Math.Floor(n.Value) != n.Value || n.Value < min || n.Value > max)
        {
            diags.Error(LiteralNotRepresentable, n.Span, $"{n.Text} is not representable in {t.Name()} (integers in [{min}, {max}])");
            return Error;
        }
        return new BoundConst(n.Value, t);
    }

    private BoundExpr Name(NameSyntax n, DType? expected, RoundingMode mode)
    {
        var name = n.Name.Text;
        if (scope.Index(name) is { } ix) return new BoundIndexRef(ix);
        if (scope.Tensor(name) is { } t)
        {
            if (t.Rank != 0)
            {
                diags.Error(WrongIndexCount, n.Span, $"'{name}' has rank {t.Rank} and needs {t.Rank} indices, e.g. {name}[{string.Join(", ", Enumerable.Range(0, t.Rank).Select(i => "i" + i))}]");
                return Error;
            }
            return new BoundLoad(t, EqArray<BoundIndex>.Empty);
        }
        if (scope.IsDim(name))
        {
            var t2 = expected ?? DType.Index;
            BoundExpr dim = new BoundDim(name);
            return t2 == DType.Index ? dim : new BoundCast(dim, t2, mode);
        }
        return Unknown(n.Name);
    }

    private BoundError Unknown(Identifier id)
    {
        if (scope.IsCurrent(id.Text))
            diags.Error(UseBeforeDefinition, id.Span, $"'{id.Text}' is used in its own definition");
        else if (scope.IsDefinedLater(id.Text))
            diags.Error(UseBeforeDefinition, id.Span, $"'{id.Text}' is used before its definition: definitions may use only parameters and earlier definitions");
        else
            diags.Error(UnknownName, id.Span, $"unknown name '{id.Text}': not a parameter, definition, dimension or index variable");
        return Error;
    }

    private BoundExpr Access(AccessSyntax a)
    {
        var name = a.Tensor.Text;
        var t = scope.Tensor(name);
        if (t is null)
        {
            if (scope.Index(name) is not null || scope.IsDim(name))
            {
                var what = scope.Index(name) is not null ? "an index variable" : "a dimension";
                diags.Error(NotATensor, a.Tensor.Span, $"'{name}' is {what}, not a tensor, and cannot be indexed");
                return Error;
            }
            return Unknown(a.Tensor);
        }
        if (a.Indices.Count != t.Rank)
        {
            diags.Error(WrongIndexCount, a.Span, $"'{name}' has rank {t.Rank} but is indexed with {a.Indices.Count} indices");
            return Error;
        }
        var indices = new List<BoundIndex>();
        bool ok = true;
        for (int p = 0; p < a.Indices.Count; p++)
        {
            var id = a.Indices[p];
            var ix = scope.Index(id.Text);
            if (ix is null)
            {
                var what = scope.IsDim(id.Text) ? $"'{id.Text}' is a dimension" : scope.Tensor(id.Text) is not null ? $"'{id.Text}' is a tensor" : $"'{id.Text}' is not bound";
                diags.Error(NotAnIndexVariable, id.Span, $"{what}: an index must be an index variable of the left-hand side or of an enclosing reduction");
                ok = false;
                continue;
            }
            var extent = t.Shape[p];
            var source = $"from {name}[...] position {p + 1} at line {id.Span.StartPosition.Line}";
            if (ix.Extent is null) ix.SetExtent(extent, source);
            else if (!Equals(ix.Extent, extent))
            {
                diags.Error(ExtentConflict, id.Span, $"index '{id.Text}' ranges over {ix.Extent} ({ix.ExtentSource}) but over {extent} here ({source})");
                ok = false;
            }
            indices.Add(ix);
        }
        return ok ? new BoundLoad(t, indices.ToEqArray()) : Error;
    }

    private BoundExpr UnaryExpr(UnarySyntax u, DType? expected, RoundingMode mode)
    {
        if (u.Op == UnaryOp.Not)
        {
            var c = Condition(u.Operand);
            return c is BoundError ? Error : new BoundUnary(Opcode.Not, c);
        }
        var x = Numeric(Bind(u.Operand, expected, mode), u.Operand);
        return x is BoundError ? Error : new BoundUnary(Opcode.Neg, x);
    }

    /// <summary>Binds a condition: the operand must be a bool.</summary>
    private BoundExpr Condition(ExprSyntax e)
    {
        var c = Bind(e, DType.Bool);
        if (c is BoundError) return Error;
        if (c.Type != DType.Bool)
        {
            diags.Error(NumberWhereBoolNeeded, e.Span, $"'{Text(e)}' is a number ({c.Type.Name()}), but a condition is needed here (e.g. a comparison)");
            return Error;
        }
        return c;
    }

    /// <summary>Rejects a bool where a number is needed.</summary>
    private BoundExpr Numeric(BoundExpr x, ExprSyntax e)
    {
        if (x is BoundError) return Error;
        if (x.Type == DType.Bool)
        {
            diags.Error(BoolWhereNumberNeeded, e.Span, $"'{Text(e)}' is a condition, but a number is needed here: use where(cond, a, b)");
            return Error;
        }
        return x;
    }

    /// <summary>Binds two operands of one dtype: a constant side takes the other side's dtype.</summary>
    private (BoundExpr, BoundExpr) Pair(ExprSyntax l, ExprSyntax r, DType? expected, RoundingMode mode)
    {
        BoundExpr a, b;
        if (IsConst(l) && !IsConst(r))
        {
            b = Numeric(Bind(r, expected == DType.Bool ? null : expected, mode), r);
            a = b is BoundError ? Error : Bind(l, b.Type, mode);
        }
        else if (IsConst(r) && !IsConst(l))
        {
            a = Numeric(Bind(l, expected == DType.Bool ? null : expected, mode), l);
            b = a is BoundError ? Error : Bind(r, a.Type, mode);
        }
        else
        {
            a = Numeric(Bind(l, expected, mode), l);
            b = Numeric(Bind(r, expected, mode), r);
        }
        return (a, b);
    }

    private bool SameType(BoundExpr a, BoundExpr b, string op, SourceSpan at, ExprSyntax left)
    {
        if (a.Type == b.Type) return true;
        var wider = a.Type.IsFloat() && b.Type.IsFloat() ? (DTypes.ByteSize(a.Type) >= DTypes.ByteSize(b.Type) ? a.Type : b.Type) : a.Type.IsFloat() ? a.Type : b.Type;
        var name = wider == DType.Index ? DType.I32 : wider;
        diags.Error(OperandDTypeMismatch, at, $"{a.Type.Name()} {op} {b.Type.Name()}: cast one side explicitly, e.g. {name.Name()}({Text(left)})");
        return false;
    }

    private BoundExpr Arithmetic(BinarySyntax e, DType? expected, RoundingMode mode)
    {
        var (a, b) = Pair(e.Left, e.Right, expected, mode);
        if (a is BoundError || b is BoundError || !SameType(a, b, e.Op.Text(), e.OpSpan, e.Left)) return Error;
        if (e.Op == BinaryOp.Div && !a.Type.IsFloat())
        {
            diags.Error(IntegerDivision, e.OpSpan, $"division of {a.Type.Name()} values is not supported: convert to a float first, e.g. f32(...)");
            return Error;
        }
        var op = e.Op switch { BinaryOp.Add => Opcode.Add, BinaryOp.Sub => Opcode.Sub, BinaryOp.Mul => Opcode.Mul, _ => Opcode.Div };
        return new BoundBinary(op, a, b);
    }

    private BoundExpr Compare(BinarySyntax e)
    {
        if (IsConst(e.Left) && IsConst(e.Right))
        {
            diags.Error(UntypedConstant, e.Span, $"'{Text(e)}' compares two constants, which have no dtype: convert one side explicitly, e.g. f32(...)");
            return Error;
        }
        var (a, b) = Pair(e.Left, e.Right, null, RoundingMode.NearestEven);
        if (a is BoundError || b is BoundError || !SameType(a, b, e.Op.Text(), e.OpSpan, e.Left)) return Error;
        var pred = e.Op switch
        {
            BinaryOp.Lt => CmpPred.Lt, BinaryOp.Le => CmpPred.Le, BinaryOp.Gt => CmpPred.Gt,
            BinaryOp.Ge => CmpPred.Ge, BinaryOp.Eq => CmpPred.Eq, _ => CmpPred.Ne,
        };
        return new BoundCompare(pred, a, b);
    }

    private BoundExpr Logical(BinarySyntax e)
    {
        var a = Condition(e.Left);
        var b = Condition(e.Right);
        if (a is BoundError || b is BoundError) return Error;
        return new BoundBinary(e.Op == BinaryOp.And ? Opcode.And : Opcode.Or, a, b);
    }

    private BoundExpr Reduce(ReduceSyntax r, DType? expected)
    {
        var indices = new List<BoundIndex>();
        bool ok = true;
        foreach (var id in r.Indices)
        {
            if (indices.Any(x => x.Name == id.Text))
            { diags.Error(DuplicateIndex, id.Span, $"index '{id.Text}' appears twice in this reduction"); ok = false; continue; }
            if (scope.Index(id.Text) is not null)
            { diags.Error(IndexShadowing, id.Span, $"reduction index '{id.Text}' shadows an enclosing index of the same name: rename it"); ok = false; }
            else if (scope.IsReservedForIndex(id.Text))
            { diags.Error(IndexShadowing, id.Span, $"reduction index '{id.Text}' has the name of a tensor or dimension: rename it"); ok = false; }
            indices.Add(new BoundIndex(id.Text, id.Span));
        }
        scope.Push(indices);
        var body = Numeric(Bind(r.Body, expected == DType.Bool ? null : expected), r.Body);
        scope.Pop();
        foreach (var ix in indices)
            if (ix.Extent is null && body is not BoundError)
            {
                diags.Error(IndexWithoutExtent, ix.Declaration, $"reduction index '{ix.Name}' is not used to index any tensor in the body, so its extent is unknown");
                ok = false;
            }
        return ok && body is not BoundError ? new BoundReduce(r.Kind, indices.ToEqArray(), body) : Error;
    }

    private BoundExpr Call(CallSyntax c, DType? expected, RoundingMode mode)
    {
        var f = c.Function.Text;
        if (DTypes.TryParse(f, out var to) && to.IsStorable()) return Cast(c, to);
        int arity = f switch { "max" or "min" => 2, "where" => 3, _ => 1 };
        if (!Unary.ContainsKey(f) && f is not ("gelu" or "max" or "min" or "where"))
        {
            diags.Error(UnknownFunction, c.Function.Span, $"unknown function '{f}': known are {string.Join(", ", KnownFunctions)}");
            return Error;
        }
        if (c.Args.Count != arity)
        {
            diags.Error(WrongArgumentCount, c.Span, $"{f} takes {arity} argument{(arity == 1 ? "" : "s")}, not {c.Args.Count}");
            return Error;
        }
        var numExpected = expected == DType.Bool ? null : expected;
        switch (f)
        {
            case "max" or "min":
            {
                var (a, b) = Pair(c.Args[0], c.Args[1], numExpected, mode);
                if (a is BoundError || b is BoundError || !SameType(a, b, f, c.Function.Span, c.Args[0])) return Error;
                return new BoundBinary(f == "max" ? Opcode.Max : Opcode.Min, a, b);
            }
            case "where":
            {
                var cond = Condition(c.Args[0]);
                var (a, b) = Pair(c.Args[1], c.Args[2], numExpected, mode);
                if (cond is BoundError || a is BoundError || b is BoundError || !SameType(a, b, "or", c.Function.Span, c.Args[1])) return Error;
                return new BoundSelect(cond, a, b);
            }
        }
        var x = Numeric(Bind(c.Args[0], numExpected, mode), c.Args[0]);
        if (x is BoundError) return Error;
        if (f == "abs") return new BoundUnary(Opcode.Abs, x);
        if (!x.Type.IsFloat())
        {
            diags.Error(TranscendentalOnInteger, c.Span, $"{f} needs a float argument, not {x.Type.Name()}: convert it, e.g. {f}(f32({Text(c.Args[0])}))");
            return Error;
        }
        return f == "gelu" ? new BoundGelu(x) : new BoundUnary(Unary[f], x);
    }

    private BoundExpr Cast(CallSyntax c, DType to)
    {
        if (c.Args.Count is < 1 or > 2)
        {
            diags.Error(WrongArgumentCount, c.Span, $"{to.Name()}(x) or {to.Name()}(x, rn|rz|rm|rp) takes 1 or 2 arguments, not {c.Args.Count}");
            return Error;
        }
        var mode = RoundingMode.NearestEven;
        if (c.Args.Count == 2)
        {
            if (c.Args[1] is not NameSyntax m || !RoundingModes.TryParse(m.Name.Text, out mode))
            {
                diags.Error(BadRoundingMode, c.Args[1].Span, $"'{Text(c.Args[1])}' is not a rounding mode: use rn (nearest even), rz (toward zero), rm (down) or rp (up)");
                return Error;
            }
        }
        var arg = c.Args[0];
        if (IsConst(arg))
        {
            // A constant converted explicitly takes the target dtype; its literals are rounded with the cast's mode.
            return Bind(arg, to, mode);
        }
        var x = Numeric(Bind(arg, null), arg);
        return x is BoundError ? Error : new BoundCast(x, to, mode);
    }
}
