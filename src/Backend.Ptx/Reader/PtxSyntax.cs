using KernelC.Backend.Ptx.Model;

namespace KernelC.Backend.Ptx.Reader;

/// <summary>The parser's output before validation: the model's pieces plus the character offsets the validator
/// reports at. Internal to the reader.</summary>
internal sealed record ParsedHeader(string Directive, string Value, int Offset, int ValueOffset);

internal sealed record ParsedShared(PtxSharedDecl Decl, int Offset, int NameOffset, int AlignOffset);

internal sealed record ParsedReg(PtxRegDecl Decl, int Offset, int NameOffset);

internal sealed record ParsedParam(PtxParam Param, int Offset, int NameOffset);

internal sealed record ParsedLabel(string Name, int Index, int Offset);

/// <summary>An instruction with the offsets of its opcode, each modifier and each operand (vector operands: the
/// offsets of their elements too).</summary>
internal sealed record ParsedInstruction(PtxInstruction Instruction, int Offset, int OpcodeOffset, int[] ModifierOffsets,
    int[] OperandOffsets, int[][] ElementOffsets, int GuardOffset);

internal sealed record ParsedEntry(string Name, int Offset, int NameOffset, List<ParsedParam> Params, List<ParsedReg> Registers,
    List<ParsedShared> Shared, List<ParsedLabel> Labels, List<ParsedInstruction> Instructions);

internal sealed record ParsedModule(List<ParsedHeader> Headers, List<ParsedShared> Shared, List<ParsedEntry> Entries,
    List<(string Directive, int Offset)> Order);
