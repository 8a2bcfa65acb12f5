using KernelC.Backend.Ptx.Model;
using KernelC.IR;
using static KernelC.Backend.Ptx.Model.PtxType;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>Why an instruction does not decode: a message and where (ModifierIndex ≥ 0: that modifier; else
/// OperandIndex ≥ 0: that operand; else the opcode). UnknownOpcode: the opcode itself is not in the subset.</summary>
public sealed record PtxDecodeError(string Message, int ModifierIndex = -1, int OperandIndex = -1, bool UnknownOpcode = false);

/// <summary>Turns an instruction's opcode and modifiers into a <see cref="PtxForm"/>: the single place where PTX
/// spelling is interpreted (docs/ptx.md lists the accepted forms). Modifiers may come in any order the ISA allows;
/// each may appear once; every modifier must be consumed.</summary>
public static partial class PtxDecoder
{
    private static readonly PtxType[] IntTypes = [U16, U32, U64, S16, S32, S64];
    private static readonly PtxType[] FloatTypes = [F32, F64];
    private static readonly PtxType[] BitTypes = [B16, B32, B64];

    public static PtxForm? Decode(PtxInstruction instr, out PtxDecodeError? error)
    {
        var m = new ModifierSet(instr.Modifiers);
        error = null;
        try
        {
            var form = instr.Opcode switch
            {
                "mov" => Mov(m, instr),
                "add" => Arith(PtxOp.Add, m),
                "sub" => Arith(PtxOp.Sub, m),
                "mul" => Mul(PtxOp.Mul, m),
                "mad" => Mul(PtxOp.Mad, m),
                "fma" => Fma(m),
                "div" => Div(m),
                "rem" => IntBinary(PtxOp.Rem, m, [U32, U64, S32, S64]),
                "min" => MinMax(PtxOp.Min, m),
                "max" => MinMax(PtxOp.Max, m),
                "neg" => Unary(PtxOp.Neg, m, [S16, S32, S64, F16, F32, F64]),   // neg/abs.f16: sm_53+
                "abs" => Unary(PtxOp.Abs, m, [S16, S32, S64, F16, F32, F64]),
                "and" => Logic(PtxOp.And, m, 2),
                "or" => Logic(PtxOp.Or, m, 2),
                "xor" => Logic(PtxOp.Xor, m, 2),
                "not" => Logic(PtxOp.Not, m, 1),
                "shl" => Shift(PtxOp.Shl, m, BitTypes),
                "shr" => Shift(PtxOp.Shr, m, [.. BitTypes, .. IntTypes]),
                "setp" => Setp(m),
                "selp" => Selp(m),
                "cvt" => Cvt(m, instr),
                "cvta" => Cvta(m),
                "ld" => LdSt(PtxOp.Ld, m),
                "st" => LdSt(PtxOp.St, m),
                "ex2" => Ex2(m),
                "lg2" => Lg2(m),
                "tanh" => Tanh(m),
                "rcp" => RoundedUnary(PtxOp.Rcp, m),
                "sqrt" => RoundedUnary(PtxOp.Sqrt, m),
                "bra" => Bra(m),
                "bar" => Bar(m),
                "shfl" => Shfl(m),
                "mma" => Mma(m),
                "ret" => NoOperands(PtxOp.Ret, m),
                "exit" => NoOperands(PtxOp.Exit, m),
                "trap" => NoOperands(PtxOp.Trap, m),
                _ => throw new DecodeException(new PtxDecodeError($"unknown opcode '{instr.Opcode}' (not in KernelC's PTX subset)", UnknownOpcode: true)),
            };
            m.RequireAllConsumed(instr.Opcode);
            if (form.Slots.Count != instr.Operands.Count)
                throw new DecodeException(new PtxDecodeError(
                    $"{instr.Opcode} takes {form.Slots.Count} operand(s), found {instr.Operands.Count}",
                    OperandIndex: Math.Min(form.Slots.Count, instr.Operands.Count) is var k && k < instr.Operands.Count ? k : -1));
            return form;
        }
        catch (DecodeException e)
        {
            error = e.Error;
            return null;
        }
    }

    /// <summary>A decode failure (internal control flow only; never escapes <see cref="Decode"/>).</summary>
    private sealed class DecodeException(PtxDecodeError error) : Exception(error.Message)
    {
        public PtxDecodeError Error { get; } = error;
    }

    private static DecodeException Fail(string message, int modifier = -1) => new(new PtxDecodeError(message, modifier));

    private static EqArray<PtxSlot> Slots(params PtxSlot[] s) => new(s);
    private static PtxSlot D(PtxType t) => new(PtxSlotKind.Dest, t);
    private static PtxSlot S(PtxType t) => new(PtxSlotKind.Source, t);

    /// <summary>The modifiers of one instruction with "consumed" marks, so that leftovers are reported.</summary>
    private sealed class ModifierSet(EqArray<string> modifiers)
    {
        private readonly bool[] _used = new bool[modifiers.Count];

        /// <summary>Takes the one modifier among <paramref name="options"/> (null if none); two of them is an error.</summary>
        public string? TakeOne(params string[] options)
        {
            string? found = null;
            for (int i = 0; i < modifiers.Count; i++)
            {
                if (_used[i] || !options.Contains(modifiers[i])) continue;
                if (found is not null) throw Fail($"'.{modifiers[i]}' conflicts with '.{found}'", i);
                found = modifiers[i];
                _used[i] = true;
            }
            return found;
        }

        public bool Take(string option) => TakeOne(option) is not null;

        public string Require(string what, params string[] options) =>
            TakeOne(options) ?? throw Fail($"missing {what} (one of {string.Join(", ", options.Select(o => "." + o))})");

        /// <summary>The remaining type modifiers, in order.</summary>
        public List<PtxType> TakeTypes()
        {
            var types = new List<PtxType>();
            for (int i = 0; i < modifiers.Count; i++)
                if (!_used[i] && PtxTypes.TryParse(modifiers[i], out var t)) { types.Add(t); _used[i] = true; }
            return types;
        }

        /// <summary>Exactly one type, from <paramref name="allowed"/>.</summary>
        public PtxType TakeType(string opcode, IReadOnlyCollection<PtxType> allowed)
        {
            int at = FirstUnusedTypeIndex();
            var types = TakeTypes();
            if (types.Count == 0) throw Fail($"{opcode} needs a type (one of {Names(allowed)})");
            if (types.Count > 1) throw Fail($"{opcode} takes one type, found {types.Count}", at);
            if (!allowed.Contains(types[0])) throw Fail($"{opcode} does not take .{types[0].Name()} (allowed: {Names(allowed)})", at);
            return types[0];
        }

        public int FirstUnusedTypeIndex()
        {
            for (int i = 0; i < modifiers.Count; i++)
                if (!_used[i] && PtxTypes.TryParse(modifiers[i], out _)) return i;
            return -1;
        }

        public void RequireAllConsumed(string opcode)
        {
            for (int i = 0; i < modifiers.Count; i++)
                if (!_used[i]) throw Fail($"'.{modifiers[i]}' is not a valid modifier of {opcode} here", i);
        }

        public int IndexOf(string modifier) => modifiers.Items.IndexOf(modifier);
    }

    private static string Names(IEnumerable<PtxType> types) => string.Join(", ", types.Select(t => "." + t.Name()));

    /// <summary>Float rounding for arithmetic: only .rn is in the subset (the IR's IEEE domain rounds to nearest even);
    /// .rz/.rm/.rp are rejected rather than mis-modelled.</summary>
    private static RoundingMode? FloatRounding(ModifierSet m, bool required, string opcode)
    {
        var r = m.TakeOne("rn", "rz", "rm", "rp");
        if (r is null)
        {
            if (required) throw Fail($"{opcode} on floats needs a rounding modifier (.rn)");
            return null;
        }
        if (r != "rn") throw Fail($"{opcode}.{r}: only .rn rounding is in the subset", m.IndexOf(r));
        return RoundingMode.NearestEven;
    }
}
