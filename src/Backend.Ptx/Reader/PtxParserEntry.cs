using System.Globalization;
using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Reader;

internal sealed partial class PtxParser
{
    private static readonly HashSet<string> SpecialBases = ["%tid", "%ntid", "%ctaid", "%nctaid"];
    private static readonly HashSet<string> SpecialScalars = ["%laneid", "%warpid", "%dynamic_smem_size"];

    /// <summary>[.visible] .entry name ( [.param .T [.ptr [.space] [.align N]] name {, ...}] ) [.maxntid/.reqntid x[,y[,z]]] { body }</summary>
    private ParsedEntry ParseEntry()
    {
        var start = Peek();
        if (start.Text == ".visible") Next();
        var e = ExpectDirective(".entry");
        if (e.Text != ".entry") throw Error(e, $"expected .entry, found {e}");
        var name = ExpectIdentifier("the kernel name");
        if (name.Text.StartsWith('%')) throw Error(name, "a kernel name cannot start with '%'");
        var ps = new List<ParsedParam>();
        Expect("(");
        if (!Peek().Is(")"))
        {
            while (true)
            {
                ps.Add(ParseParam());
                if (Peek().Is(",")) { Next(); continue; }
                break;
            }
        }
        Expect(")");
        while (Peek().Kind == PtxTokenKind.Directive && Peek().Text is ".maxntid" or ".reqntid")
        {
            Next();
            ExpectInteger("a thread count", 1, 1024);
            for (int k = 0; k < 2 && Peek().Is(","); k++) { Next(); ExpectInteger("a thread count", 1, 1024); }
        }
        Expect("{");
        var regs = new List<ParsedReg>();
        var shared = new List<ParsedShared>();
        var labels = new List<ParsedLabel>();
        var instrs = new List<ParsedInstruction>();
        while (!Peek().Is("}"))
        {
            var t = Peek();
            if (t.Kind == PtxTokenKind.End) throw Error(t, $"expected '}}' closing .entry {name.Text}, found the end of the file");
            if (t.Kind == PtxTokenKind.Directive)
            {
                if (t.Text == ".reg") { ParseReg(regs); continue; }
                if (t.Text == ".shared") { shared.Add(ParseShared(allowExtern: false)); continue; }
                throw Error(t, $"unexpected directive '{t.Text}' in a kernel body (expected .reg, .shared, a label or an instruction)");
            }
            if (t.Kind == PtxTokenKind.Identifier && Peek(1).Is(":"))
            {
                if (t.Text.StartsWith('%')) throw Error(t, "a label cannot start with '%'");
                Next(); Next();
                labels.Add(new ParsedLabel(t.Text, instrs.Count, t.Offset));
                continue;
            }
            if (t.Is("{")) throw Error(t, "nested { } scopes are not in the subset");
            instrs.Add(ParseInstruction());
        }
        Next();
        return new ParsedEntry(name.Text, start.Offset, name.Offset, ps, regs, shared, labels, instrs);
    }

    private ParsedParam ParseParam()
    {
        var p = ExpectDirective(".param");
        if (p.Text != ".param") throw Error(p, $"expected .param, found {p}");
        var type = ParseType(Next());
        if (Peek().Kind == PtxTokenKind.Directive && Peek().Text == ".ptr")
        {
            Next();
            if (Peek().Kind == PtxTokenKind.Directive && Peek().Text is ".global" or ".shared" or ".const" or ".local") Next();
            if (Peek().Kind == PtxTokenKind.Directive && Peek().Text == ".align") { Next(); ExpectInteger("an alignment", 1, 1 << 20); }
        }
        var name = ExpectIdentifier("a parameter name");
        if (name.Text.StartsWith('%')) throw Error(name, "a parameter name cannot start with '%'");
        if (Peek().Is("[")) throw Error(Peek(), "array parameters are not in the subset");
        return new ParsedParam(new PtxParam(name.Text, type, Line(p.Offset)), p.Offset, name.Offset);
    }

    /// <summary>.reg .T %a, %b&lt;N&gt;, ...;</summary>
    private void ParseReg(List<ParsedReg> regs)
    {
        var r = Next();
        var type = ParseType(Next());
        while (true)
        {
            var name = ExpectIdentifier("a register name");
            if (!name.Text.StartsWith('%')) throw Error(name, $"a register name starts with '%' (found '{name.Text}')");
            int count = 0;
            if (Peek().Is("<"))
            {
                Next();
                count = (int)ExpectInteger("a register count", 1, 1 << 20);
                Expect(">");
            }
            regs.Add(new ParsedReg(new PtxRegDecl(name.Text, type, count, Line(r.Offset)), r.Offset, name.Offset));
            if (Peek().Is(",")) { Next(); continue; }
            break;
        }
        Expect(";");
    }

    /// <summary>[@[!]%p] opcode{.mod} [operand {, operand}] ;</summary>
    private ParsedInstruction ParseInstruction()
    {
        var start = Peek();
        PtxGuard? guard = null;
        int guardOffset = -1;
        if (start.Is("@"))
        {
            Next();
            bool neg = false;
            if (Peek().Is("!")) { Next(); neg = true; }
            var p = ExpectIdentifier("a predicate register after '@'");
            if (!p.Text.StartsWith('%')) throw Error(p, $"a predicate register starts with '%' (found '{p.Text}')");
            guard = new PtxGuard(p.Text, neg);
            guardOffset = p.Offset;
        }
        var op = ExpectIdentifier("an instruction");
        if (op.Text.StartsWith('%') || op.Text.StartsWith('$')) throw Error(op, $"expected an instruction, found {op}");
        var mods = new List<string>();
        var modOffsets = new List<int>();
        while (Peek().Kind == PtxTokenKind.Directive)
        {
            var d = Next();
            mods.Add(d.Text[1..]);
            modOffsets.Add(d.Offset);
        }
        var operands = new List<PtxOperand>();
        var offsets = new List<int>();
        var elementOffsets = new List<int[]>();
        if (!Peek().Is(";"))
        {
            while (true)
            {
                offsets.Add(Peek().Offset);
                var (operand, elems) = ParseOperand();
                operands.Add(operand);
                elementOffsets.Add(elems);
                if (Peek().Is(",")) { Next(); continue; }
                break;
            }
        }
        var end = Peek();
        if (!end.Is(";")) throw Error(end, $"expected ';' or ',' after an operand of {op.Text}, found {end}");
        Next();
        var pos = _source.Position(start.Offset);
        var instr = new PtxInstruction(guard, op.Text, new EqArray<string>(mods), new EqArray<PtxOperand>(operands), pos.Line, pos.Column);
        return new ParsedInstruction(instr, start.Offset, op.Offset, modOffsets.ToArray(), offsets.ToArray(), elementOffsets.ToArray(), guardOffset);
    }

    private (PtxOperand, int[]) ParseOperand()
    {
        var t = Peek();
        if (t.Is("["))
        {
            Next();
            var b = ExpectIdentifier("an address base (a register or a variable)");
            long off = 0;
            if (Peek().Is("+") || Peek().Is("-"))
            {
                bool neg = Next().Is("-");
                var n = Peek();
                if (n.Kind != PtxTokenKind.Integer || !TryInteger(n.Text, out off) || off < 0)
                    throw Error(n, $"expected an integer offset, found {n}");
                Next();
                if (neg) off = -off;
            }
            Expect("]");
            return (new PtxOperand.Address(b.Text, off), []);
        }
        if (t.Is("{"))
        {
            Next();
            var elems = new List<PtxOperand>();
            var offs = new List<int>();
            while (true)
            {
                var r = ExpectIdentifier("a register in a vector operand");
                if (!r.Text.StartsWith('%')) throw Error(r, $"a vector operand holds registers (found '{r.Text}')");
                elems.Add(new PtxOperand.Register(r.Text));
                offs.Add(r.Offset);
                if (Peek().Is(",")) { Next(); continue; }
                break;
            }
            Expect("}");
            return (new PtxOperand.Vector(new EqArray<PtxOperand>(elems)), offs.ToArray());
        }
        if (t.Is("-"))
        {
            Next();
            var n = Peek();
            if (n.Kind == PtxTokenKind.Integer && TryInteger(n.Text, out var v) && v >= 0) { Next(); return (new PtxOperand.ImmInt(-v), []); }
            if (n.Kind == PtxTokenKind.Float) { Next(); return (new PtxOperand.ImmFloat(-ParseDecimal(n), true), []); }
            throw Error(n, $"expected a number after '-', found {n}");
        }
        switch (t.Kind)
        {
            case PtxTokenKind.Integer:
                Next();
                if (!TryInteger(t.Text, out var iv)) throw Error(t, $"integer '{t.Text}' does not fit in 64 bits");
                return (new PtxOperand.ImmInt(iv), []);
            case PtxTokenKind.HexFloat:
                Next();
                return (HexFloat(t.Text), []);
            case PtxTokenKind.Float:
                Next();
                return (new PtxOperand.ImmFloat(ParseDecimal(t), true), []);
            case PtxTokenKind.Identifier:
            {
                Next();
                if (SpecialBases.Contains(t.Text))
                {
                    var d = Peek();
                    if (d.Kind != PtxTokenKind.Directive || d.Text is not (".x" or ".y" or ".z"))
                        throw Error(d, $"{t.Text} is read per component: {t.Text}.x, .y or .z");
                    Next();
                    return (new PtxOperand.Special(t.Text + d.Text), []);
                }
                if (SpecialScalars.Contains(t.Text)) return (new PtxOperand.Special(t.Text), []);
                if (Peek().Kind == PtxTokenKind.Directive) throw Error(Peek(), $"unexpected '{Peek().Text}' after {t.Text}");
                if (t.Text.StartsWith('%')) return (new PtxOperand.Register(t.Text), []);
                return (new PtxOperand.Symbol(t.Text), []);
            }
            default:
                throw Error(t, $"expected an operand, found {t}");
        }
    }

    private double ParseDecimal(PtxToken t) =>
        double.TryParse(t.Text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d : throw Error(t, $"malformed float literal '{t.Text}'");

    /// <summary>0fXXXXXXXX: the f32 with these bits (exact as a double); 0dX{16}: the f64 with these bits.</summary>
    private static PtxOperand.ImmFloat HexFloat(string text)
    {
        ulong bits = ulong.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return char.ToLowerInvariant(text[1]) == 'f'
            ? new PtxOperand.ImmFloat(BitConverter.Int32BitsToSingle(unchecked((int)(uint)bits)), false)
            : new PtxOperand.ImmFloat(BitConverter.Int64BitsToDouble(unchecked((long)bits)), true);
    }
}
