namespace KernelC.Backend.Ptx.Reader;

/// <summary>Stable diagnostic ids of the PTX reader (docs/diagnostics.md, "KC07xx — PTX reader and interpreter").</summary>
public static class PtxDiagnosticIds
{
    /// <summary>A character that starts no token, an unterminated comment, a malformed number.</summary>
    public const string Lexical = "KC0701";
    /// <summary>Syntax: expected a token, found another.</summary>
    public const string Syntax = "KC0702";
    /// <summary>`.version` missing, not first, repeated or malformed.</summary>
    public const string Version = "KC0703";
    /// <summary>`.target` missing, misplaced, repeated or not a supported sm_NN.</summary>
    public const string Target = "KC0704";
    /// <summary>`.address_size` missing, misplaced, repeated or not 64.</summary>
    public const string AddressSize = "KC0705";
    /// <summary>The target needs a newer PTX ISA version than `.version` (sm_80 ≥ 7.0, sm_90 ≥ 7.8).</summary>
    public const string VersionTooOld = "KC0706";
    /// <summary>An instruction needs a newer target (bf16 conversions, f16x2/bf16x2 packing, mma.sync: sm_80).</summary>
    public const string TargetTooOld = "KC0707";
    /// <summary>Unknown opcode.</summary>
    public const string UnknownOpcode = "KC0708";
    /// <summary>A missing, unknown, repeated or invalid modifier (type, rounding, state space, comparison, ...).</summary>
    public const string BadModifier = "KC0709";
    /// <summary>Wrong number or kind of operands.</summary>
    public const string BadOperand = "KC0710";
    /// <summary>A register that is not declared.</summary>
    public const string UndeclaredRegister = "KC0711";
    /// <summary>A register whose declared type does not fit the instruction's operand type.</summary>
    public const string RegisterType = "KC0712";
    /// <summary>A name declared twice (register, parameter, shared variable, entry).</summary>
    public const string Duplicate = "KC0713";
    /// <summary>A label defined twice in an entry.</summary>
    public const string DuplicateLabel = "KC0714";
    /// <summary>A branch to a label the entry does not define.</summary>
    public const string UnknownLabel = "KC0715";
    /// <summary>An access whose alignment is statically wrong (offset or variable alignment below the access size).</summary>
    public const string Misaligned = "KC0716";
    /// <summary>An address in the wrong state space (ld.shared of a parameter, ld.param through a register, ...).</summary>
    public const string StateSpace = "KC0717";
    /// <summary>An address through a variable that is not declared.</summary>
    public const string UnknownVariable = "KC0718";
    /// <summary>An immediate out of range for the instruction's type, or of the wrong kind (int vs float).</summary>
    public const string BadImmediate = "KC0719";
    /// <summary>A malformed declaration (alignment not a power of two, zero-sized array, unsupported type).</summary>
    public const string BadDeclaration = "KC0720";
}
