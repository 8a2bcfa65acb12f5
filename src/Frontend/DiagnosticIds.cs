namespace KernelC.Frontend;

/// <summary>Stable ids of front-end diagnostics (listed in docs/diagnostics.md, KC01xx and KC02xx).</summary>
public static class DiagnosticIds
{
    // KC01xx: syntax
    public const string UnexpectedCharacter = "KC0101";
    public const string UnexpectedToken = "KC0102";
    public const string MissingToken = "KC0103";
    public const string UnterminatedString = "KC0104";
    public const string UnterminatedComment = "KC0105";
    public const string NumberOutOfRange = "KC0106";
    public const string TooDeepOrTooLarge = "KC0107";

    // KC02xx: checking
    public const string UnknownName = "KC0201";
    public const string UnknownFunction = "KC0202";
    public const string WrongIndexCount = "KC0203";
    public const string ExtentConflict = "KC0204";
    public const string IndexWithoutExtent = "KC0205";
    public const string NotAnIndexVariable = "KC0206";
    public const string DuplicateIndex = "KC0207";
    public const string Redefinition = "KC0208";
    public const string UseBeforeDefinition = "KC0209";
    public const string OutputNotDefined = "KC0210";
    public const string OutputShapeMismatch = "KC0211";
    public const string OutputDTypeMismatch = "KC0212";
    public const string OperandDTypeMismatch = "KC0213";
    public const string BoolWhereNumberNeeded = "KC0214";
    public const string NumberWhereBoolNeeded = "KC0215";
    public const string TranscendentalOnInteger = "KC0216";
    public const string IntegerDivision = "KC0217";
    public const string BadRoundingMode = "KC0218";
    public const string DuplicateKernel = "KC0219";
    public const string DuplicateName = "KC0220";
    public const string ConstraintOnUnknownDim = "KC0221";
    public const string IndexShadowing = "KC0222";
    public const string UntypedConstant = "KC0223";
    public const string UnknownDType = "KC0224";
    public const string WrongArgumentCount = "KC0225";
    public const string IndexTypedDefinition = "KC0226";
    public const string BadConstraintOrExtent = "KC0227";
    public const string LiteralNotRepresentable = "KC0228";
    public const string NotATensor = "KC0229";
}
