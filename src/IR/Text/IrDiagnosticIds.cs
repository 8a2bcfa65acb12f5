namespace KernelC.IR;

/// <summary>Stable diagnostic ids of the IR text parser, the verifier (as seen by users) and the reference
/// interpreter (docs/diagnostics.md, KC03xx).</summary>
public static class IrDiagnosticIds
{
    public const string UnexpectedCharacter = "KC0301";
    public const string Syntax = "KC0302";
    public const string UnknownDType = "KC0303";
    public const string UnknownOp = "KC0304";
    public const string UndefinedValue = "KC0305";
    public const string BadNumber = "KC0306";
    public const string VerifierRule = "KC0307";
    public const string NestingTooDeep = "KC0308";

    public const string MissingDim = "KC0320";
    public const string UnknownDim = "KC0321";
    public const string DimConstraintViolated = "KC0322";
    public const string DimBelowOne = "KC0323";
    public const string MissingInput = "KC0324";
    public const string UnexpectedInput = "KC0325";
    public const string InputDType = "KC0326";
    public const string InputShape = "KC0327";
    public const string TooLarge = "KC0328";
    public const string DimConflict = "KC0329";
    public const string InvalidKernel = "KC0330";
    public const string LoadOutOfBounds = "KC0331";
}
